// SPDX-License-Identifier: Apache-2.0
import CPhotaShims

#if canImport(Glibc)
    import Glibc
#endif

/// A socket file descriptor and the few calls the server makes on it. A value type: whoever owns
/// the descriptor calls `close()` exactly once.
public struct Socket: Sendable, Hashable {
    /// The file descriptor.
    public let fd: Int32

    public init(fd: Int32) {
        self.fd = fd
    }

    /// Opens a non-blocking listening TCP socket bound to `host:port` (`port` 0 picks a free port).
    ///
    /// - Parameters:
    ///   - host: a numeric IPv4 or IPv6 address, or a name resolved with `getaddrinfo`.
    ///   - port: the TCP port.
    ///   - backlog: the kernel's accept queue length.
    /// - Throws: `SocketError` when the address does not resolve or cannot be bound.
    public static func listen(host: String, port: UInt16, backlog: Int32 = 1024) throws(SocketError) -> Socket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw SocketError(call: "getaddrinfo(\(host))", errno: rc == EAI_SYSTEM ? errno : EADDRNOTAVAIL)
        }
        defer { freeaddrinfo(list) }
        var lastError = SocketError(call: "bind", errno: EADDRNOTAVAIL)
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = Glibc.socket(
                info.pointee.ai_family,
                Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd < 0 {
                lastError = .current("socket")
                continue
            }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
                lastError = .current("bind(\(host):\(port))")
                Glibc.close(fd)
                continue
            }
            if Glibc.listen(fd, backlog) != 0 {
                lastError = .current("listen")
                Glibc.close(fd)
                continue
            }
            return Socket(fd: fd)
        }
        throw lastError
    }

    /// The port the kernel bound this socket to (the real one when 0 was asked for).
    public func localPort() -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(self.fd, $0, &length) }
        }
        let family = Int32(storage.ss_family)
        return withUnsafePointer(to: &storage) { pointer -> UInt16 in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    UInt16(bigEndian: $0.pointee.sin6_port)
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                UInt16(bigEndian: $0.pointee.sin_port)
            }
        }
    }

    /// Accepts one pending connection as a non-blocking socket with `TCP_NODELAY` set.
    ///
    /// Without `TCP_NODELAY`, Nagle's algorithm meets Linux's delayed ACK and a keep-alive response
    /// can wait 40 ms for the previous segment's ACK.
    /// - Throws: `SocketError` (`EMFILE`, `ENFILE`, `ECONNABORTED`…); `.wouldBlock` when none is pending.
    public func accept() throws(SocketError) -> IOResult<Socket> {
        let result = try syscall("accept4") {
            phota_accept4(self.fd, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
        }
        guard case .done(let fd) = result else { return .wouldBlock }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return .done(Socket(fd: fd))
    }

    /// Reads what is available into `buffer`; `.done(0)` means the peer closed its side.
    /// - Throws: `SocketError` on a reset or other failure.
    @inline(__always)
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> IOResult<Int> {
        try syscall("read") { Glibc.read(self.fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes as much of `bytes` as the kernel takes now, without raising SIGPIPE.
    /// - Throws: `SocketError` when the peer is gone.
    @inline(__always)
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SocketError) -> IOResult<Int> {
        try syscall("send") { Glibc.send(self.fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Makes the next close send a TCP RST instead of a FIN (SO_LINGER with a zero timeout).
    public func setResetOnClose() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(self.fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

    /// Stops sending: the peer reads EOF after what was already written.
    public func shutdownWrite() {
        Glibc.shutdown(self.fd, Int32(SHUT_WR))
    }

    /// Stops a listening socket: Linux moves it to the closed state, so new connection attempts are
    /// refused (RST) at once instead of waiting in a backlog nobody accepts from any more. The
    /// descriptor stays open (other threads may still hold it in their epoll sets) until `close()`.
    public func stopListening() {
        Glibc.shutdown(self.fd, Int32(SHUT_RDWR))
    }

    /// Closes the descriptor.
    public func close() {
        Glibc.close(self.fd)
    }
}
