// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Logging
import PhotaNet
import PhotaThreads
import Synchronization

/// Where and how the server listens.
public struct HTTPServerConfiguration: Sendable {
    /// The address to bind (default loopback only).
    public var host = "127.0.0.1"
    /// The TCP port; 0 picks a free one.
    public var port: UInt16 = 8040
    /// Event loops (threads), each owning its connections; default one per core.
    public var eventLoops = OSThread.processorCount
    /// The limits every connection is held to.
    public var limits = ServerLimits()
    /// Descriptors kept free for what is opened after start-up besides connections; `limits.maxConnections`
    /// is lowered when the descriptor limit leaves less than that (see `DescriptorBudget`).
    public var reservedDescriptors = 32

    public init() {}
}

/// Hands connections that speak another protocol (HTTP/2) to another handler; see `ConnectionHandoff`.
public protocol ProtocolSwitcher: Sendable {
    /// True when the first bytes of a connection are this protocol's preface. Called with what has
    /// arrived so far; return nil while the bytes are too few to tell.
    func matchesPreface(_ bytes: UnsafeRawBufferPointer) -> Bool?
    /// True when an HTTP/1.1 request asks to upgrade to this protocol (RFC 9110 §7.8).
    func acceptsUpgrade(_ request: HTTPRequest) -> Bool
    /// Makes the handler that takes the connection over. `upgradeRequest` is the HTTP/1.1 request
    /// that asked for the switch, which the new protocol answers (stream 1 in h2c).
    func makeHandler(io: any ConnectionIO, upgradeRequest: HTTPRequest?) -> (any ConnectionHandler)?
}

/// The HTTP/1.1 server: one listening socket shared by `eventLoops` threads, each running epoll over
/// its own connections (nginx's worker model inside one process).
public final class HTTPServer: Sendable {
    let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let errorResponse: ErrorResponseBuilder
    let logger: Logger
    let switcher: (any ProtocolSwitcher)?
    let observer: (any ExchangeObserver)?
    let openConnections = Atomic<Int>(0)
    /// `limits.maxConnections`, or fewer when the descriptor limit leaves less room; set by `start`.
    let maxConnections = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)
    private let state = Mutex<State>(State())

    private struct State: Sendable {
        var listener: Socket?
        var loops: [EventLoop] = []
    }

    private let done = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - responder: answers every request (usually a `Router`).
    ///   - errorResponse: builds bodies for protocol errors the server detects itself (`PlainErrorBody` unless given).
    ///   - switcher: optional HTTP/2 (or other) takeover of connections.
    ///   - observer: sees every answered request (journal, metrics).
    public init(
        configuration: HTTPServerConfiguration,
        responder: any HTTPResponder,
        errorResponse: @escaping ErrorResponseBuilder = PlainErrorBody.response,
        switcher: (any ProtocolSwitcher)? = nil,
        observer: (any ExchangeObserver)? = nil,
        logger: Logger
    ) {
        self.observer = observer
        self.configuration = configuration
        self.responder = responder
        self.errorResponse = errorResponse
        self.switcher = switcher
        self.logger = logger
    }

    /// Binds and starts the event loops; returns the port actually bound.
    /// - Throws: `SocketError` when the address cannot be bound.
    @discardableResult
    public func start() throws -> UInt16 {
        let listener = try Socket.listen(host: self.configuration.host, port: self.configuration.port)
        let loops = try (0..<max(1, self.configuration.eventLoops)).map {
            try EventLoop(index: $0, server: self, listener: listener)
        }
        // Counted now that the listener and every loop's epoll and eventfd exist: from here on only
        // connections and the reserve open descriptors.
        self.maxConnections.store(self.connectionCap(), ordering: .relaxed)
        self.state.withLock {
            $0.listener = listener
            $0.loops = loops
        }
        for loop in loops {
            OSThread.detach(name: "phota-loop-\(loop.index)") { [self] in
                loop.run()
                self.loopFinished()
            }
        }
        return listener.localPort()
    }

    /// The bound port (valid after `start`).
    public var port: UInt16 {
        self.state.withLock { $0.listener?.localPort() ?? 0 }
    }

    /// Starts a graceful shutdown: stop accepting, let in-flight requests finish (up to the
    /// configured grace), close keep-alive connections. Returns at once; `wait()` blocks until done.
    public func shutdown() {
        guard !self.stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let (listener, loops) = self.state.withLock { ($0.listener, $0.loops) }
        listener?.stopListening()
        loops.forEach { $0.wake() }
    }

    /// Blocks until every event loop has exited after `shutdown()`.
    public func wait() {
        let count = self.state.withLock { $0.loops.count }
        for _ in 0..<count { self.done.wait() }
        self.state.withLock { state in
            state.listener?.close()
            state.listener = nil
        }
    }

    /// The configured connection limit, lowered (and logged) when the descriptors cannot hold it.
    private func connectionCap() -> Int {
        let requested = self.configuration.limits.maxConnections
        let budget = DescriptorBudget(
            limit: DescriptorLimit.soft, open: DescriptorLimit.openCount(),
            reserve: self.configuration.reservedDescriptors
        )
        let cap = budget.cap(requested)
        if cap < requested {
            self.logger.info(
                "max connections capped by the descriptor limit",
                metadata: [
                    "requested": "\(requested)", "capped": "\(cap)", "descriptors.limit": "\(budget.limit)",
                    "descriptors.open": "\(budget.open)", "descriptors.reserved": "\(budget.reserve)",
                ]
            )
        }
        return cap
    }

    private func loopFinished() {
        self.done.signal()
    }
}
