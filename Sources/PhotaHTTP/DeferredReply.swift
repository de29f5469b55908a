// SPDX-License-Identifier: Apache-2.0

/// A request whose responder deferred, kept by its loop under the request's token until the reply
/// arrives or the deferred-reply deadline passes, whichever is first; the other is dropped.
enum DeferredReply {
    /// An HTTP/1.1 request; its connection's state machine holds the deadline.
    case http1(Connection, PendingRequest)
    /// A request a takeover handler dispatched (an HTTP/2 stream), answered through `complete`.
    /// Several may wait on one connection, so each carries its own deadline.
    case handler(Connection, requestID: String, deadline: UInt64, complete: (HTTPResponse) -> Void)
}
