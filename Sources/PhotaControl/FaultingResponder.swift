// SPDX-License-Identifier: Apache-2.0
import Dispatch
import PhotaAPIKit
import PhotaHTTP

/// Puts the fault rules in front of the Phota routes: added latency, an injected error, or a broken
/// delivery. Requests outside `/v1/phota` and requests no rule matches go straight to the router.
/// A class: the server holds it as `any HTTPResponder`, and a struct would be copied (with the router inside it)
/// into each closure that answers a request.
public final class FaultingResponder: HTTPResponder, Sendable {
    let inner: Router
    let faults: FaultInjector

    public init(inner: Router, faults: FaultInjector) {
        self.inner = inner
        self.faults = faults
    }

    public func respond(to request: HTTPRequest, context: RequestContext) -> Reply {
        guard request.path.hasPrefix("/v1/phota/"),
            let decision = self.faults.decide(
                method: request.method, path: request.path, apiKey: APIKey.presented(by: request),
                route: { self.inner.routePattern(for: request) })
        else {
            return self.inner.respond(to: request, context: context)
        }
        let delay = decision.latencyMs
        switch decision.action {
        case .error(let status, let code, let detail, let retryAfter):
            // The request is not processed: as if the service refused it.
            let response = Self.errorResponse(
                status: status, code: code, detail: detail, retryAfter: retryAfter, requestID: context.requestID
            ).adding(self.inner.responseHeaders(for: request))
            return Self.later(response, delay: delay, context: context)
        case .none:
            return self.transformed(request, context: context, delay: delay) { $0 }
        case .reset:
            // The request IS processed; only the answer is lost — what a client's retry logic must survive.
            return self.transformed(request, context: context, delay: delay) { self.with($0, .reset) }
        case .empty:
            return self.transformed(request, context: context, delay: delay) { self.with($0, .closeWithoutResponse) }
        case .truncate(let bytes):
            return self.transformed(request, context: context, delay: delay) { self.with($0, .truncated(bytes: bytes)) }
        }
    }

    private func with(_ response: HTTPResponse, _ delivery: ResponseDelivery) -> HTTPResponse {
        var changed = response
        changed.delivery = delivery
        return changed
    }

    /// Runs the real handler, then changes and/or delays its response, whether it answered at once or later.
    private func transformed(
        _ request: HTTPRequest, context: RequestContext, delay: Double,
        _ change: @escaping @Sendable (HTTPResponse) -> HTTPResponse
    ) -> Reply {
        let factory = TransformingPromiseFactory(original: context, delay: delay, change: change)
        let inner = RequestContext(
            requestID: context.requestID, startedAt: context.startedAt, promiseFactory: factory, token: 0)
        switch self.inner.respond(to: request, context: inner) {
        case .deferred: return .deferred
        case .response(let response): return Self.later(change(response), delay: delay, context: context)
        }
    }

    private static func later(_ response: HTTPResponse, delay: Double, context: RequestContext) -> Reply {
        guard delay > 0 else { return .response(response) }
        let promise = context.deferResponse()
        DispatchQueue.global().asyncAfter(deadline: .now() + .microseconds(Int(delay * 1000))) {
            promise.succeed(response)
        }
        return .deferred
    }

    /// An injected error with the Phota error body; 429 and 503 carry `Retry-After` (default 1 s).
    static func errorResponse(
        status: Int, code: String?, detail: String?, retryAfter: Int?, requestID: String
    ) -> HTTPResponse {
        let httpStatus = HTTPStatus(status)
        let defaultCode =
            switch status {
            case 400: "BAD_REQUEST"
            case 401: "UNAUTHORIZED"
            case 402: "INSUFFICIENT_CREDIT"
            case 404: "NOT_FOUND"
            case 429: "RATE_LIMITED"
            case 503: "SERVICE_UNAVAILABLE"
            case 504: "GATEWAY_TIMEOUT"
            case 500...599: "INTERNAL_ERROR"
            default: DefaultErrorBody.code(for: httpStatus)
            }
        var headers: [(String, String)] = []
        if status == 429 || status == 503 || retryAfter != nil {
            headers.append(("retry-after", String(retryAfter ?? 1)))
        }
        return APIError(
            status: httpStatus, code: code ?? defaultCode, detail: detail ?? httpStatus.reasonPhrase, headers: headers
        )
        .response(requestID: requestID)
    }
}

/// Hands the real handler a promise that changes and delays its deferred response.
private final class TransformingPromiseFactory: ReplyPromiseFactory {
    let original: RequestContext
    let delay: Double
    let change: @Sendable (HTTPResponse) -> HTTPResponse

    init(original: RequestContext, delay: Double, change: @escaping @Sendable (HTTPResponse) -> HTTPResponse) {
        self.original = original
        self.delay = delay
        self.change = change
    }

    func makePromise(token: UInt64) -> ReplyPromise {
        let real = self.original.deferResponse()
        let (delay, change) = (self.delay, self.change)
        return ReplyPromise { response in
            let changed = change(response)
            if delay > 0 {
                DispatchQueue.global().asyncAfter(deadline: .now() + .microseconds(Int(delay * 1000))) {
                    real.succeed(changed)
                }
            } else {
                real.succeed(changed)
            }
        }
    }
}
