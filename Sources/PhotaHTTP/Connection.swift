// SPDX-License-Identifier: Apache-2.0
import PhotaNet

/// One client connection and its buffers. Owned by one event loop and used only on its thread.
final class Connection {
    let socket: Socket
    /// Generation in the high bits, fd in the low: a reused fd never receives a stale event.
    let token: UInt64
    unowned let loop: EventLoop

    var inbound = InboundBuffer()
    var outbound: [UInt8] = []
    var outboundSent = 0
    var parser: RequestParser

    /// The HTTP/1.1 request whose reply was deferred; nothing more is parsed until it is sent.
    var awaiting: PendingRequest?
    var closeAfterFlush = false
    var peerClosed = false
    var isClosed = false
    var wantsWrite = false
    var wantsRead = true
    /// Reading stopped because unparsed input piled up while the connection could not use it
    /// (a deferred reply, a slow reader, a pending close): the kernel's window then pushes back.
    var readPaused = false
    /// After an error response: reading and discarding until the peer closes, so the kernel
    /// does not answer unread bytes with a RST that destroys the response (nginx's lingering close).
    var lingering = false
    /// Set by a `.reset` delivery: close at once with RST, no lingering.
    var resetOnClose = false

    var deadline: UInt64 = 0
    var deadlineKind = DeadlineKind.idle
    /// When queued output must have been read by the client (0: nothing is waiting). Separate from
    /// `deadline`, so bytes the client keeps sending cannot extend it.
    var writeDeadline: UInt64 = 0

    /// Set when HTTP/2 has taken the connection over.
    var handler: (any ConnectionHandler)?
    var sawFirstBytes = false

    enum DeadlineKind {
        case idle
        case header
        case body
        case linger
    }

    init(socket: Socket, token: UInt64, loop: EventLoop) {
        self.socket = socket
        self.token = token
        self.loop = loop
        self.parser = RequestParser(limits: loop.limits)
    }

    /// Bytes queued but not yet written.
    var pendingOutput: Int { self.outbound.count - self.outboundSent }
}

/// What a deferred reply needs to finish the exchange.
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

/// Where a response goes: the HTTP/1.1 connection itself, or a takeover handler's completion.
enum DispatchTarget {
    case http1(Connection)
    case handler(Connection, (HTTPResponse, String) -> Void)
}
