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

    /// The same context, whose deferred replies get `headers` added on their way out (the router's
    /// `RouteGroup.responseHeaders`).
    func addingHeaders(_ headers: [(name: String, value: String)]) -> RequestContext {
        RequestContext(
            requestID: self.requestID, startedAt: self.startedAt,
            promiseFactory: HeaderAddingPromiseFactory(inner: self.promiseFactory, headers: headers), token: self.token)
    }
}

/// Wraps each promise so that its response gains the group's fields before it reaches the connection.
private final class HeaderAddingPromiseFactory: ReplyPromiseFactory {
    let inner: any ReplyPromiseFactory
    let headers: [(name: String, value: String)]

    init(inner: any ReplyPromiseFactory, headers: [(name: String, value: String)]) {
        self.inner = inner
        self.headers = headers
    }

    func makePromise(token: UInt64) -> ReplyPromise {
        let promise = self.inner.makePromise(token: token)
        let headers = self.headers
        return ReplyPromise { response in promise.succeed(response.adding(headers)) }
    }
}

extension HTTPResponse {
    /// The response with each of `fields` added unless it already has one of that name.
    public func adding(_ fields: [(name: String, value: String)]) -> HTTPResponse {
        var response = self
        for field in fields where response.headers[field.name] == nil {
            response.headers.add(name: field.name, value: field.value)
        }
        return response
    }
}
