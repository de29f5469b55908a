// SPDX-License-Identifier: Apache-2.0
import CPhotaShims

#if canImport(Glibc)
    import Glibc
#endif

/// Which readiness a registration asks for.
public struct Interest: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let read = Interest(rawValue: EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
    public static let write = Interest(rawValue: EPOLLOUT.rawValue)
    /// Readable, waking only one of the pollers sharing this descriptor: for a listening socket
    /// shared by every loop (EPOLLEXCLUSIVE admits no flag but EPOLLIN here, so not `.read`).
    public static let acceptExclusive = Interest(rawValue: EPOLLIN.rawValue | UInt32(1 << 28))
}

/// One readiness event: the registration's token and what is ready.
public struct PollEvent: Sendable {
    public let token: UInt64
    public let readable: Bool
    public let writable: Bool
    public let hangup: Bool
}

/// The readiness backend: epoll with an eventfd to wake a waiting thread (redis `ae`'s five calls:
/// open, add, modify, remove, wait; plus wake).
public final class Poller: @unchecked Sendable {
    // Confinement: `events` is touched only by the one thread that calls `wait`; `epfd` and `wakeFD`
    // are immutable and the kernel calls on them are thread-safe.
    private let epfd: Int32
    private let wakeFD: Int32
    private var events: UnsafeMutablePointer<epoll_event>
    private let capacity: Int
    /// The token reported for a wake-up.
    public static let wakeToken = UInt64.max

    /// - Throws: `SocketError` when the kernel refuses an epoll or eventfd descriptor.
    public init(capacity: Int = 256) throws(SocketError) {
        self.epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        if self.epfd < 0 { throw .current("epoll_create1") }
        self.wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        if self.wakeFD < 0 { throw .current("eventfd") }
        self.capacity = capacity
        self.events = .allocate(capacity: capacity)
        try self.add(fd: self.wakeFD, token: Poller.wakeToken, interest: .read)
    }

    deinit {
        self.events.deallocate()
        Glibc.close(self.wakeFD)
        Glibc.close(self.epfd)
    }

    /// Registers `fd` (level-triggered) under `token`.
    public func add(fd: Int32, token: UInt64, interest: Interest) throws(SocketError) {
        try self.control(EPOLL_CTL_ADD, fd: fd, token: token, interest: interest)
    }

    /// Changes what `fd` is watched for.
    public func modify(fd: Int32, token: UInt64, interest: Interest) throws(SocketError) {
        try self.control(EPOLL_CTL_MOD, fd: fd, token: token, interest: interest)
    }

    /// Stops watching `fd`. Closing a descriptor removes it too; this is for descriptors kept open.
    public func remove(fd: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(self.epfd, EPOLL_CTL_DEL, fd, &event)
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and calls `body` for each event.
    public func wait(timeoutMilliseconds: Int32, _ body: (PollEvent) -> Void) {
        let count = epoll_wait(self.epfd, self.events, Int32(self.capacity), timeoutMilliseconds)
        guard count > 0 else { return }
        for index in 0..<Int(count) {
            let raw = self.events[index]
            var copy = raw
            let token = phota_epoll_event_u64(&copy)
            if token == Poller.wakeToken {
                var value: UInt64 = 0
                _ = Glibc.read(self.wakeFD, &value, 8)
            }
            let flags = raw.events
            body(
                PollEvent(
                    token: token,
                    readable: flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue)
                        != 0,
                    writable: flags & EPOLLOUT.rawValue != 0,
                    hangup: flags & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0
                ))
        }
    }

    /// Wakes a thread blocked in `wait`; safe from any thread.
    public func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(self.wakeFD, &one, 8)
    }

    private func control(_ op: Int32, fd: Int32, token: UInt64, interest: Interest) throws(SocketError) {
        var event = epoll_event()
        event.events = interest.rawValue
        phota_epoll_event_set_u64(&event, token)
        if epoll_ctl(self.epfd, op, fd, &event) != 0 { throw .current("epoll_ctl") }
    }
}
