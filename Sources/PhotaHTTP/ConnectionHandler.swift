// SPDX-License-Identifier: Apache-2.0

/// What a protocol handler that has taken a connection over may do with it. Used only on the
/// connection's event-loop thread.
public protocol ConnectionIO: AnyObject {
    /// Queues bytes to send; they leave when the socket is writable.
    func write(_ bytes: UnsafeRawBufferPointer)
    /// Closes after what is queued has been sent.
    func closeAfterFlush()
    /// Runs a request through the server's responder, exactly as HTTP/1.1 would. `completion` is
    /// called once, on this loop's thread: at once, or later for a deferred reply (with a `504` when
    /// none came by the deferred-reply deadline).
    func dispatch(_ request: HTTPRequest, completion: @escaping (HTTPResponse, String) -> Void)
    /// Builds the server's error response for a protocol-level error, with a fresh request id.
    func errorResponse(_ status: HTTPStatus, _ detail: String) -> (HTTPResponse, requestID: String)
    /// The current `Date` field value (cached per second).
    var date: [UInt8] { get }
    /// The server's limits.
    var limits: ServerLimits { get }
    /// True once the server is shutting down.
    var isStopping: Bool { get }
}

/// A protocol that has taken a connection over (HTTP/2). Called on the connection's loop thread.
public protocol ConnectionHandler: AnyObject {
    /// New bytes from the peer.
    func received(_ bytes: UnsafeRawBufferPointer)
    /// The peer closed its side or the connection failed.
    func closed()
    /// The server began shutting down (HTTP/2 sends GOAWAY).
    func shutdownRequested()
    /// The socket drained what was queued; the handler may produce more.
    func writable()
    /// True when the handler has nothing in flight and the connection may close now.
    var isIdle: Bool { get }
    /// Called by every sweep of the loop: the handler acts on its own deadlines (HTTP/2: a stream whose body
    /// did not arrive within `bodyTimeout`); what it queues is sent after.
    func deadlinesPassed(now: UInt64)
}
