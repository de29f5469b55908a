// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import Synchronization
import Testing

/// `RouteGroup.responseHeaders`: every answer of the group's routes carries them, whether the handler answers at
/// once or later; other routes do not, and a field the handler set itself is kept.
@Suite struct RouteGroupHeadersTests {
    /// Keeps the response a deferred reply delivers.
    final class CapturingFactory: ReplyPromiseFactory {
        let delivered = Mutex<HTTPResponse?>(nil)

        func makePromise(token: UInt64) -> ReplyPromise {
            ReplyPromise { [self] response in self.delivered.withLock { $0 = response } }
        }
    }

    static func router() -> Router {
        var router = Router(
            notFound: { _, _ in HTTPResponse(status: .notFound) },
            methodNotAllowed: { _, _, _ in HTTPResponse(status: HTTPStatus(405)) }
        )
        var group = RouteGroup()
        group.responseHeaders = [("x-deprecation-date", "2026-05-08")]
        router.configure(prefix: "/v1/studio", group)
        router.add("GET", "/v1/studio/now") { _, _, _ in .response(HTTPResponse(status: .ok)) }
        router.add("GET", "/v1/studio/own") { _, _, _ in
            .response(HTTPResponse(status: .ok, headers: HTTPHeaders([("x-deprecation-date", "never")])))
        }
        router.add("GET", "/v1/studio/later") { _, _, context in
            let promise = context.deferResponse()
            promise.succeed(HTTPResponse(status: .ok))
            return .deferred
        }
        router.add("GET", "/v1/other") { _, _, _ in .response(HTTPResponse(status: .ok)) }
        return router
    }

    static func run(_ path: String) -> (immediate: HTTPResponse?, deferred: HTTPResponse?) {
        let factory = CapturingFactory()
        let context = RequestContext(requestID: "id", startedAt: 0, promiseFactory: factory, token: 1)
        let request = HTTPRequest(method: "GET", target: path, path: path)
        switch Self.router().respond(to: request, context: context) {
        case .response(let response): return (response, nil)
        case .deferred: return (nil, factory.delivered.withLock { $0 })
        }
    }

    @Test func immediateAndDeferredAnswersOfTheGroupCarryTheFields() {
        #expect(Self.run("/v1/studio/now").immediate?.headers["x-deprecation-date"] == "2026-05-08")
        let later = Self.run("/v1/studio/later")
        #expect(later.immediate == nil)
        #expect(later.deferred?.headers["x-deprecation-date"] == "2026-05-08")
        #expect(later.deferred?.headers.values("x-deprecation-date").count == 1)
    }

    @Test func otherRoutesAndTheHandlersOwnFieldsAreLeftAlone() {
        #expect(Self.run("/v1/other").immediate?.headers["x-deprecation-date"] == nil)
        #expect(Self.run("/v1/studio/own").immediate?.headers.values("x-deprecation-date") == ["never"])
    }
}
