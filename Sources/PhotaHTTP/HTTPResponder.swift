// SPDX-License-Identifier: Apache-2.0

/// What a responder did with a request.
public enum Reply: Sendable {
    /// The response is ready now (the hot path: no allocation beyond the response itself).
    case response(HTTPResponse)
    /// The responder took `context.deferResponse()` and will complete it later, from any thread.
    case deferred
}

/// Answers requests. Called synchronously on the event-loop thread that owns the connection, so it
/// must not block for long; work that waits (a durable write) defers its reply.
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest, context: RequestContext) -> Reply
}

/// Per-request facts the server provides to responders.
public struct RequestContext: Sendable {
    /// The id sent back in `X-Request-Id` and in every error body.
    public let requestID: String
    /// When the request was dispatched, in monotonic nanoseconds.
    public let startedAt: UInt64
    // A reference and a token instead of a closure, so a request that answers at once allocates nothing here.
    private let promiseFactory: any ReplyPromiseFactory
    private let token: UInt64

    /// - Parameters:
    ///   - promiseFactory: makes the promise a deferred reply is sent through.
    ///   - token: identifies the waiting request to the factory.
    public init(requestID: String, startedAt: UInt64, promiseFactory: any ReplyPromiseFactory, token: UInt64) {
        self.requestID = requestID
        self.startedAt = startedAt
        self.promiseFactory = promiseFactory
        self.token = token
    }

    /// Takes over the response: return `.deferred` and complete the promise later. Safe from any
    /// thread and more than once (the first reply wins). A request whose reply has not come by
    /// `ServerLimits.deferredReplyTimeout` is answered `504` by the server, and the reply dropped.
    public func deferResponse() -> ReplyPromise {
        self.promiseFactory.makePromise(token: self.token)
    }
}
