// SPDX-License-Identifier: Apache-2.0
import PhotaNet

/// One client connection: its socket, buffers and lifecycle. Owned by one event loop and used only
/// on its thread; `machine` decides, the loop does the I/O.
final class Connection {
    let socket: Socket
    /// Generation in the high bits, fd in the low: a reused fd never receives a stale event.
    let token: UInt64
    unowned let loop: EventLoop

    var machine: ConnectionStateMachine
    var inbound = InboundBuffer()
    var outbound: [UInt8] = []
    var outboundSent = 0
    var parser: RequestParser
    /// The interest registered with epoll, so it is changed only when it has to be.
    var registered: Interest = .read

    /// Set when HTTP/2 has taken the connection over.
    var handler: (any ConnectionHandler)?

    init(socket: Socket, token: UInt64, loop: EventLoop, now: UInt64) {
        self.socket = socket
        self.token = token
        self.loop = loop
        self.parser = RequestParser(limits: loop.limits)
        self.machine = ConnectionStateMachine(
            timeouts: loop.timeouts, detectsProtocol: loop.server.switcher != nil, now: now)
    }

    /// Bytes queued but not yet written.
    var pendingOutput: Int { self.outbound.count - self.outboundSent }
}

/// What a reply needs to finish the exchange, whether it comes at once or later.
struct PendingRequest {
    let method: String
    let path: String
    let keepAlive: Bool
    let version: HTTPVersion
    let requestID: String
    let startedAt: UInt64
    /// The request itself, for the exchange observer (HTTP/1.1 keeps it until the reply is sent).
    var request: HTTPRequest? = nil
}
