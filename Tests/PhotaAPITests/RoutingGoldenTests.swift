// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaHTTP
import Testing

@testable import PhotaAPIKit
@testable import PhotaProfiles

/// Replays `fixtures/routing/` (raw requests the reference FastAPI app answered under uvicorn)
/// through the HTTP parser and a router configured with `FastAPIRouteGroup`, whose handlers echo
/// what they captured as the reference's do.
@Suite struct RoutingGoldenTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let fileName: String
        let request: String
        let status: Int
        let headers: [String: String]
        let body: [String: String]
        /// The status phota-mock gives on purpose where it differs from FastAPI.
        let mockStatus: Int?

        var testDescription: String { self.fileName }
    }

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/routing")

    static let cases: [Case] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Self.directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            guard let data = try? Data(contentsOf: Self.directory.appendingPathComponent(name)),
                let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let request = root["request"] as? String, let response = root["response"] as? [String: Any],
                let status = response["status"] as? Int
            else { return nil }
            let body = (response["body"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
            let mock = (root["phota_mock"] as? [String: Any])?["status"] as? Int
            return Case(
                fileName: name, request: request, status: status,
                headers: response["headers"] as? [String: String] ?? [:],
                body: body, mockStatus: mock
            )
        }
    }()

    /// The `/v1/phota` route table of `Routes.make`, with echoing handlers.
    static let router: Router = {
        var router = Router(
            notFound: { _, context in APIError.notFound.response(requestID: context.requestID) },
            methodNotAllowed: { _, _, context in APIError.methodNotAllowed.response(requestID: context.requestID) }
        )
        router.configure(prefix: "/v1/phota", FastAPIRouteGroup.group)
        let echoID: RouteHandler = { _, parameters, _ in
            .response(.json(.ok, "{\"profile_id\":\(JSONText.quote(parameters["profile_id"] ?? ""))}"))
        }
        router.add("POST", "/v1/phota/profiles/add") { _, _, _ in .response(.json(.ok, "{}")) }
        router.add("GET", "/v1/phota/profiles/ids") { request, _, _ in
            guard case .success(let tag) = validateTagQuery(request.query.filter { $0.name == "tag" }.map(\.value))
            else {
                return .response(.json(HTTPStatus(422), "{}"))
            }
            return .response(.json(.ok, "{\"tag\":\(tag.map(JSONText.quote) ?? "null")}"))
        }
        router.add("GET", "/v1/phota/profiles/{profile_id}/status", echoID)
        router.add("GET", "/v1/phota/profiles/{profile_id}/profile_picture", echoID)
        router.add("DELETE", "/v1/phota/profiles/{profile_id}", echoID)
        router.add("GET", "/v1/phota/openapi.json") { _, _, _ in .response(.json(.ok, "{}")) }
        router.add("HEAD", "/v1/phota/openapi.json") { _, _, _ in .response(.json(.ok, "{}")) }
        return router
    }()

    @Test func fixturesArePresent() {
        #expect(Self.cases.count >= 40)
        #expect(Self.cases.contains { $0.status == 307 })
        #expect(Self.cases.contains { $0.status == 405 })
    }

    @Test(arguments: Self.cases)
    func routesLikeTheReference(_ golden: Case) throws {
        var parser = RequestParser()
        let result = Array(golden.request.utf8).withUnsafeBytes { parser.parse($0) }
        let response: HTTPResponse
        switch result {
        case .complete(let request, _):
            guard case .response(let answer) = Self.router.respond(to: request, context: .make()) else {
                Issue.record("deferred")
                return
            }
            response = answer
        case .malformed(let error):
            response = HTTPResponse(status: error.status)
        case .needMoreData:
            Issue.record("incomplete request")
            return
        }
        if let mockStatus = golden.mockStatus {
            #expect(response.status.code == mockStatus)
            return
        }
        #expect(response.status.code == golden.status)
        #expect(response.headers["location"] == golden.headers["location"])
        #expect(response.headers["allow"].map(Self.methodSet) == golden.headers["allow"].map(Self.methodSet))
        if golden.status == 307 {
            #expect(response.body.isEmpty)
            #expect(response.headers["content-type"] == nil)
        }
        guard golden.status == 200,
            let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        else { return }
        for key in ["tag", "profile_id"] where golden.body[key] != nil || body[key] is String {
            #expect(body[key] as? String == golden.body[key], "\(key)")
        }
    }

    /// Starlette lists `Allow` in set order; the methods are what matters.
    private static func methodSet(_ value: String) -> Set<String> {
        Set(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }
}

/// A context for calling a responder directly; deferred replies are not expected.
private final class NoSinks: ReplyPromiseFactory {
    func makePromise(token: UInt64) -> ReplyPromise { ReplyPromise { _ in } }
}

extension RequestContext {
    fileprivate static func make() -> RequestContext {
        RequestContext(requestID: String(repeating: "0", count: 32), startedAt: 0, promiseFactory: NoSinks(), token: 0)
    }
}
