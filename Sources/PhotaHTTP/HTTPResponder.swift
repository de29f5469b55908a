// SPDX-License-Identifier: Apache-2.0

/// What a responder did with a request.
public enum Reply: Sendable {
    /// The response is ready now (the hot path: no allocation beyond the response itself).
    case response(HTTPResponse)
    /// The responder took `context.deferResponse()` and will send through it later, from any thread.
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
    private let sinkFactory: any ResponseSinkFactory
    private let token: UInt64

    /// - Parameters:
    ///   - sinkFactory: makes the sink a deferred reply is sent through.
    ///   - token: identifies the waiting request to the factory.
    public init(requestID: String, startedAt: UInt64, sinkFactory: any ResponseSinkFactory, token: UInt64) {
        self.requestID = requestID
        self.startedAt = startedAt
        self.sinkFactory = sinkFactory
        self.token = token
    }

    /// Takes over the response: return `.deferred` and call `send` on the sink exactly once, later.
    public func deferResponse() -> ResponseSink {
        self.sinkFactory.makeSink(token: self.token)
    }
}

/// Whatever owns connections makes the sinks deferred replies travel through.
public protocol ResponseSinkFactory: AnyObject, Sendable {
    func makeSink(token: UInt64) -> ResponseSink
}

/// Where a deferred response goes; safe to call from any thread.
public final class ResponseSink: Sendable {
    private let deliver: @Sendable (HTTPResponse) -> Void

    public init(_ deliver: @escaping @Sendable (HTTPResponse) -> Void) {
        self.deliver = deliver
    }

    /// Sends the response to the connection that asked for it (dropped if it has closed meanwhile).
    public func send(_ response: HTTPResponse) {
        self.deliver(response)
    }
}
