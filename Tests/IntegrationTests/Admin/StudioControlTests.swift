// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaMockTesting
import PhotaTestSupport
import Testing

/// The control plane over the studio routes: fault rules by route, the journal with images elided, metrics, and
/// the deprecation header on answers the router and the fault injector give themselves.
@Suite struct StudioControlTests {
    private static let deprecation = "2026-05-08"

    private func generate(_ server: PhotaMockServer, _ body: String, key: String = "k") throws -> RawResponse {
        try #require(
            try server.request(
                "POST", "/v1/phota/generate", headers: [("X-API-Key", key), Profiles.json], body: body))
    }

    @Test func anInjectedFaultOnAStudioRouteStillCarriesTheDeprecationDate() throws {
        let server = try PhotaMockServer(preset: .instant)
        defer { server.stop() }
        try server.admin.addFault(FaultRuleSpec(route: "/v1/phota/generate", times: 1, action: .error(status: 503)))
        let refused = try self.generate(server, "{}")
        #expect(refused.status == 503)
        #expect(refused.header("X-Phota-Deprecation-Date") == Self.deprecation)
        let requestID = try #require(refused.header("X-Request-Id"))
        #expect(refused.bodyText.hasSuffix(#""code":"SERVICE_UNAVAILABLE","request_id":"\#(requestID)"}"#))
        let served = try self.generate(server, "{}")
        #expect(served.status == 200)
        #expect(served.header("X-Phota-Deprecation-Date") == Self.deprecation)
    }

    @Test func routerAnswersOnStudioPathsCarryTheDeprecationDateAndProfilePathsDoNot() throws {
        let server = try PhotaMockServer()
        defer { server.stop() }
        let wrongMethod = try #require(try server.request("GET", "/v1/phota/generate", headers: [("X-API-Key", "k")]))
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "POST")
        #expect(wrongMethod.header("X-Phota-Deprecation-Date") == Self.deprecation)
        let slash = try #require(try server.request("POST", "/v1/phota/edit/", headers: [("X-API-Key", "k")]))
        #expect(slash.status == 307)
        #expect(slash.header("X-Phota-Deprecation-Date") == Self.deprecation)
        let unauthorized = try self.generate(server, "{}", key: "")
        #expect(unauthorized.status == 401)
        #expect(unauthorized.header("X-Phota-Deprecation-Date") == Self.deprecation)
        let profiles = try Profiles.get(server, "/v1/phota/profiles/ids", key: "k")
        #expect(profiles.header("X-Phota-Deprecation-Date") == nil)
    }

    @Test func theJournalKeepsStudioExchangesWithTheirImagesElided() throws {
        let server = try PhotaMockServer(preset: .instant)
        defer { server.stop() }
        let served = try self.generate(server, #"{"prompt":"journal me"}"#)
        #expect(served.status == 200)
        let image = try #require(
            (try Admin.object(served.bodyText)["images"] as? [String])?.first)
        #expect(image.utf8.count >= 256)
        let text = try Admin.ok(server, "GET", "/_mock/journal?path=/v1/phota/generate")
        let entries = try #require(try Admin.object(text)["entries"] as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["route"] as? String == "/v1/phota/generate")
        #expect(entries.first?["request_body"] as? String == #"{"prompt":"journal me"}"#)
        #expect(
            entries.first?["response_body"] as? String
                == #"{"known_subjects":{"counts":{}},"images":["<base64: \#(image.utf8.count) characters elided>"],"download_urls":[]}"#
        )
        let metrics = try Admin.call(server, "GET", "/_mock/metrics").bodyText
        #expect(
            metrics.contains(#"phota_mock_requests_total{route="/v1/phota/generate",method="POST",status="200"} 1"#))
    }
}
