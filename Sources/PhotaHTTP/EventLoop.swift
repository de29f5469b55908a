// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaNet
import Synchronization

/// One thread's share of the server: an epoll set, its connections, and the state the hot path
/// reuses (read buffer, cached Date, request-id stream). Everything but `mailbox` and `poller.wake`
/// is touched only by the loop's own thread.
final class EventLoop: ReplyPromiseFactory, @unchecked Sendable {
    // Confinement: all mutable state below is used only on the thread running `run()`; other
    // threads reach the loop only through `post` (a Mutex) and `wake` (an eventfd write).
    let index: Int
    unowned let server: HTTPServer
    let poller: Poller
    let listener: Socket
    let limits: ServerLimits
    /// The limits' timeouts in nanoseconds, which every connection's state machine keeps a copy of.
    let timeouts: ConnectionStateMachine.Timeouts
    var connections: [Int32: Connection] = [:]
    var generation: UInt64 = 0
    var date = HTTPDate()
    var requestIDs = RequestIDGenerator()
    let readBuffer: UnsafeMutableRawBufferPointer
    var acceptPausedUntil: UInt64?
    var listening = true
    var shutdownStartedAt: UInt64?
    var nextSweep: UInt64 = 0
    let sweepInterval: UInt64

    /// Deferred replies: promises post here from any thread.
    private let mailbox = Mutex<[(UInt64, HTTPResponse)]>([])
    /// Requests whose responder deferred, by token; filled once the responder has returned
    /// `.deferred`. A reply whose token is not here (a second one, a late one, one for a request
    /// answered at once) is dropped.
    var deferred: [UInt64: DeferredReply] = [:]
    var requestSeq: UInt64 = 0

    static let listenerToken = UInt64.max - 1

    init(index: Int, server: HTTPServer, listener: Socket) throws {
        self.index = index
        self.server = server
        self.listener = listener
        self.limits = server.configuration.limits
        self.timeouts = ConnectionStateMachine.Timeouts(self.limits)
        self.poller = try Poller()
        self.readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        // Timeouts are checked by a sweep whose period is a quarter of the shortest timeout, so a
        // deadline fires at most 25 % late; between 10 ms and 1 s.
        let shortest = min(self.timeouts.header, self.timeouts.idle, self.timeouts.body, self.timeouts.reply)
        self.sweepInterval = min(max(shortest / 4, 10_000_000), 1_000_000_000)
        try self.poller.add(fd: listener.fd, token: Self.listenerToken, interest: .acceptExclusive)
    }

    deinit {
        self.readBuffer.deallocate()
    }

    /// The loop: wait, handle readiness, deliver deferred replies, expire deadlines; until shutdown
    /// has closed every connection.
    func run() {
        while true {
            self.poller.wait(timeoutMilliseconds: self.waitTimeout()) { event in
                self.handle(event)
            }
            self.drainMailbox()
            let now = MonotonicTime.now()
            if self.server.stopping.load(ordering: .relaxed) && self.beginOrContinueShutdown(now: now) { break }
            if now >= self.nextSweep {
                self.sweep(now: now)
                self.nextSweep = now + self.sweepInterval
            }
        }
        for connection in Array(self.connections.values) { self.close(connection) }
    }

    /// Wakes the loop from another thread.
    func wake() {
        self.poller.wake()
    }

    private func waitTimeout() -> Int32 {
        // Idle with no connections and accepting normally: sleep until an event (no CPU used).
        if self.connections.isEmpty && self.acceptPausedUntil == nil && self.shutdownStartedAt == nil { return -1 }
        let now = MonotonicTime.now()
        let wait = self.nextSweep > now ? self.nextSweep - now : 0
        return Int32(min(wait / 1_000_000 + 1, 1000))
    }

    private func handle(_ event: PollEvent) {
        switch event.token {
        case Poller.wakeToken:
            return
        case Self.listenerToken:
            self.acceptConnections()
        default:
            let fd = Int32(truncatingIfNeeded: event.token & 0xFFFF_FFFF)
            guard let connection = self.connections[fd], connection.token == event.token else { return }
            if event.writable { self.onWritable(connection) }
            if event.readable && !connection.machine.isClosed { self.onReadable(connection) }
        }
    }

    // MARK: Deferred replies

    // Touches no loop state, so a responder may take its promise on any thread, at any time.
    func makePromise(token: UInt64) -> ReplyPromise {
        ReplyPromise { [weak self] response in
            self?.post(token: token, response: response)
        }
    }

    private func post(token: UInt64, response: HTTPResponse) {
        let wasEmpty = self.mailbox.withLock { items in
            defer { items.append((token, response)) }
            return items.isEmpty
        }
        // One wake per drain is enough: a non-empty mailbox means an earlier post already woke
        // the loop (or is about to), and the drain it triggers takes this reply too. A group
        // commit completing many requests then costs one eventfd write, not one per reply.
        if wasEmpty { self.poller.wake() }
    }

    private func drainMailbox() {
        let items = self.mailbox.withLock { items -> [(UInt64, HTTPResponse)] in
            if items.isEmpty { return [] }
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
        for (token, response) in items {
            guard let entry = self.deferred.removeValue(forKey: token) else { continue }
            self.deliver(response, token: token, to: entry)
        }
    }
}
