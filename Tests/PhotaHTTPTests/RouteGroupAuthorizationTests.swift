// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import Testing

/// `RouteGroup.authorize` runs once a route matched and before its handler: it may refuse, with the group's
/// fields on the refusal; unknown paths and wrong methods are answered as always.
@Suite struct RouteGroupAuthorizationTests {
    static let router: Router = {
        var router = Router(
            notFound: { _, _ in HTTPResponse(status: .notFound) },
            methodNotAllowed: { _, _, _ in HTTPResponse(status: HTTPStatus(405)) }
        )
        var group = RouteGroup()
        group.responseHeaders = [("x-group", "yes")]
        group.authorize = { request, pattern, _ in
            pattern == "/admin/open" || request.headers["x-token"] == "t" ? nil : HTTPResponse(status: HTTPStatus(401))
        }
        router.configure(prefix: "/admin", group)
        let answer: RouteHandler = { _, _, _ in .response(HTTPResponse(status: .ok)) }
        router.add("GET", "/admin/open", answer)
        router.add("GET", "/admin/things/{id}", answer)
        return router
    }()

    static func status(_ method: String, _ path: String, token: String? = nil) -> (Int, String?) {
        let headers = token.map { HTTPHeaders([("x-token", $0)]) } ?? HTTPHeaders()
        let request = HTTPRequest(method: method, target: path, path: path, headers: headers)
        let context = RequestContext(requestID: "id", startedAt: 0, promiseFactory: NoPromises(), token: 0)
        guard case .response(let response) = Self.router.respond(to: request, context: context) else { return (0, nil) }
        return (response.status.code, response.headers["x-group"])
    }

    final class NoPromises: ReplyPromiseFactory {
        func makePromise(token: UInt64) -> ReplyPromise { ReplyPromise { _ in } }
    }

    @Test func refusesBeforeTheHandlerAndLetsOpenAndAuthorizedRequestsThrough() {
        #expect(Self.status("GET", "/admin/things/1") == (401, "yes"))
        #expect(Self.status("GET", "/admin/things/1", token: "t") == (200, "yes"))
        #expect(Self.status("GET", "/admin/open") == (200, "yes"))
    }

    @Test func unknownPathsAndWrongMethodsAreNotAskedAbout() {
        #expect(Self.status("GET", "/admin/nothing").0 == 404)
        #expect(Self.status("DELETE", "/admin/things/1").0 == 405)
    }
}
