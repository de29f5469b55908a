// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import Testing

/// `Router.routePattern(for:)` names a path's route as dispatch chooses it.
@Suite struct RoutePatternTests {
    static let router: Router = {
        var router = Router(
            notFound: { _, _ in HTTPResponse(status: .notFound) },
            methodNotAllowed: { _, _, _ in HTTPResponse(status: HTTPStatus(405)) }
        )
        let answer: RouteHandler = { _, _, _ in .response(HTTPResponse(status: .ok)) }
        router.add("DELETE", "/v1/things/{id}", answer)
        router.add("GET", "/v1/things/ids", answer)
        router.add("GET", "/v1/things/{id}/status", answer)
        router.add("GET", "/v1/K", answer)
        return router
    }()

    static func request(_ method: String, _ rawPath: String) -> HTTPRequest {
        HTTPRequest(method: method, target: rawPath, path: rawPath, rawPath: rawPath)
    }

    @Test(arguments: [
        ("GET", "/v1/things/ids", "/v1/things/ids"),
        ("POST", "/v1/things/ids", "/v1/things/ids"),
        ("DELETE", "/v1/things/abc", "/v1/things/{id}"),
        ("GET", "/v1/things/abc/status", "/v1/things/{id}/status"),
        ("GET", "/v1/things/a%2Fb/status", "/v1/things/{id}/status"),
        ("GET", "/v1/K", "/v1/K"),
    ])
    func namesTheMostLiteralRoute(_ method: String, _ path: String, _ pattern: String) {
        #expect(Self.router.routePattern(for: Self.request(method, path)) == pattern)
    }

    /// The Kelvin sign is canonically equivalent to `K` (Swift's `==` would match it), not the same bytes.
    @Test(arguments: ["/v1/things", "/v1/things//status", "/v1/things/ids/extra", "/v1/\u{212A}"])
    func namesNoneForAPathNoRouteHas(_ path: String) {
        #expect(Self.router.routePattern(for: Self.request("GET", path)) == nil)
    }

    final class NoPromises: ReplyPromiseFactory {
        func makePromise(token: UInt64) -> ReplyPromise { ReplyPromise { _ in } }
    }

    /// An answer the router dispatched carries the pattern `routePattern(for:)` gives its path (the most literal
    /// route of any method, not necessarily the one that answered); a 404 or 405 carries none.
    @Test(arguments: [
        ("GET", "/v1/things/ids", "/v1/things/ids" as String?),
        ("DELETE", "/v1/things/abc", "/v1/things/{id}"),
        ("DELETE", "/v1/things/ids", "/v1/things/ids"),
        ("GET", "/v1/things/a%2Fb/status", "/v1/things/{id}/status"),
        ("GET", "/v1/nothing", nil),
        ("POST", "/v1/things/ids", nil),
    ])
    func dispatchedAnswersCarryTheirRoutePattern(_ method: String, _ path: String, _ pattern: String?) {
        let context = RequestContext(requestID: "id", startedAt: 0, promiseFactory: NoPromises(), token: 0)
        let request = Self.request(method, path)
        guard case .response(let response) = Self.router.respond(to: request, context: context) else {
            Issue.record("deferred")
            return
        }
        #expect(response.routePattern == pattern)
        if let pattern { #expect(Self.router.routePattern(for: request) == pattern) }
    }
}
