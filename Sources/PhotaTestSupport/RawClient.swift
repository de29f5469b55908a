// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaNet

/// A response as a test sees it on the wire.
public struct RawResponse: Sendable, Equatable {
    public var status: Int
    public var reason: String
    /// Header fields in wire order, names as sent.
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, reason: String, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// The first value of `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        self.headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var bodyText: String { String(decoding: self.body, as: UTF8.self) }

    public static func == (lhs: RawResponse, rhs: RawResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
    }
}

/// A blocking TCP client that sends raw bytes and reads raw HTTP/1.1 responses, for tests that must
/// control every byte (pipelining, malformed requests, partial writes).
public final class RawClient {
    public let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to `127.0.0.1:port` with a read timeout, so a test never hangs.
    /// - Throws: `SocketError` when the connection is refused.
    public init(port: UInt16, timeoutSeconds: Int = 10) throws {
        // The descriptor is stored only once connected: a class whose initializer throws after every stored
        // property is set runs its deinit, which closed the descriptor a second time — by then perhaps another
        // thread's file (a copy in the kill -9 test failed with EBADF).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if rc != 0 {
            let error = SocketError.current("connect")
            Glibc.close(fd)
            throw error
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
    }

    deinit {
        Glibc.close(self.fd)
    }

    /// Sends every byte of `text`.
    @discardableResult
    public func send(_ text: String) -> Bool {
        self.send(Array(text.utf8))
    }

    /// Sends every byte; false when the peer has closed (or reset) the connection.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// Half-closes the sending side.
    public func shutdownWrite() {
        Glibc.shutdown(self.fd, Int32(SHUT_WR))
    }

    /// Reads one response; nil when the connection closed (or timed out) before a whole one arrived.
    /// - Parameter headRequest: true when answering HEAD (no body follows despite Content-Length).
    public func readResponse(headRequest: Bool = false) -> RawResponse? {
        while true {
            if let (response, used) = Self.parse(self.buffer, headRequest: headRequest) {
                self.buffer.removeFirst(used)
                return response
            }
            guard self.fill() else { return nil }
        }
    }

    /// True when the server closed the connection (EOF or reset) with nothing more to read.
    public func isClosedByPeer() -> Bool {
        if !self.buffer.isEmpty { return false }
        var byte: UInt8 = 0
        let count = recv(self.fd, &byte, 1, 0)
        if count == 1 { self.buffer.append(byte) }
        return count == 0 || (count < 0 && errno == ECONNRESET)
    }

    /// Reads everything until the peer closes; the raw bytes.
    public func readToEnd() -> [UInt8] {
        while self.fill() {}
        defer { self.buffer.removeAll() }
        return self.buffer
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        self.buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Parses one response from the start of `bytes`: head, then a Content-Length body.
    static func parse(_ bytes: [UInt8], headRequest: Bool) -> (RawResponse, Int)? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4,
            let headEnd = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<($0 + 4)]) == separator })
        else {
            return nil
        }
        let head = String(decoding: bytes[0..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2).map(String.init)
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        let length =
            headRequest || status < 200 || status == 204
            ? 0 : Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        let bodyStart = headEnd + 4
        guard bytes.count >= bodyStart + length else { return nil }
        let response = RawResponse(
            status: status, reason: statusLine.count > 2 ? statusLine[2] : "", headers: headers,
            body: Array(bytes[bodyStart..<(bodyStart + length)])
        )
        return (response, bodyStart + length)
    }
}
