// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Request bodies and assertions shared by the profile API tests.
enum Profiles {
    static let json = ("Content-Type", "application/json")

    static func urls(_ count: Int, host: String = "https://example.com") -> [String] {
        (1...count).map { "\(host)/photo\($0).jpg" }
    }

    static func addBody(urls: [String], tier: String? = nil, tag: String? = nil) -> String {
        var fields = ["\"image_urls\":[" + urls.map { "\"\($0)\"" }.joined(separator: ",") + "]"]
        if let tier { fields.append("\"training_tier\":\"\(tier)\"") }
        if let tag { fields.append("\"tag\":\"\(tag)\"") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Adds a profile and returns its id, asserting the exact success response.
    static func add(
        _ server: some TestClient, key: String, tier: String = "fast", tag: String? = nil, urls: [String]? = nil
    ) throws -> String {
        let body = self.addBody(urls: urls ?? self.urls(tier == "fast" ? 5 : 10), tier: tier, tag: tag)
        let response = try #require(
            try server.request("POST", "/v1/phota/profiles/add", headers: [("X-API-Key", key), self.json], body: body))
        #expect(response.status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String])
        let id = try #require(object["profile_id"])
        #expect(object == ["profile_id": id])
        #expect(id.count == 32 && id.allSatisfy { "0123456789abcdef".contains($0) })
        return id
    }

    static func get(_ server: some TestClient, _ path: String, key: String?) throws -> RawResponse {
        try #require(try server.request("GET", path, headers: key.map { [("X-API-Key", $0)] } ?? []))
    }

    /// The exact Phota error body for `response`, using its own request id.
    static func expectError(_ response: RawResponse, status: Int, code: String, detail: String) {
        let id = response.header("X-Request-Id") ?? "missing"
        #expect(response.status == status)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.bodyText == #"{"detail":"\#(detail)","code":"\#(code)","request_id":"\#(id)"}"#)
    }

    static func expectStatus(_ response: RawResponse, id: String, status: String, message: String? = nil) {
        #expect(response.status == 200)
        let rendered = message.map { "\"\($0)\"" } ?? "null"
        #expect(response.bodyText == #"{"profile_id":"\#(id)","status":"\#(status)","message":\#(rendered)}"#)
    }
}
