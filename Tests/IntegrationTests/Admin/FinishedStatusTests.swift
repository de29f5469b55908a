// SPDX-License-Identifier: Apache-2.0
import PhotaTestSupport
import Testing

/// Finished profiles answer status reads from memory; every way a finished profile can still change
/// (force, delete, reset) must show at once.
@Suite struct FinishedStatusTests {
    private func createReady(_ server: TestServer, key: String) throws -> String {
        let response = try #require(
            try server.request(
                "POST", "/_mock/profiles", headers: [("Content-Type", "application/json")],
                body: #"{"api_key":"\#(key)","status":"READY"}"#)
        )
        #expect(response.status == 200)
        return String(response.bodyText.dropFirst(#"{"profile_ids":[""#.count).prefix(32))
    }

    @Test func forceDeleteAndResetShowAtOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let id = try self.createReady(server, key: "k")
        let path = "/v1/phota/profiles/\(id)/status"
        Profiles.expectStatus(try Profiles.get(server, path, key: "k"), id: id, status: "READY")
        Profiles.expectStatus(try Profiles.get(server, path, key: "k"), id: id, status: "READY")
        let forced = try #require(
            try server.request(
                "POST", "/_mock/profiles/\(id)/force", headers: [("Content-Type", "application/json")],
                body: #"{"status":"INACTIVE"}"#)
        )
        #expect(forced.status == 200)
        Profiles.expectStatus(try Profiles.get(server, path, key: "k"), id: id, status: "INACTIVE")
        Profiles.expectError(
            try Profiles.get(server, path, key: "other"), status: 404, code: "PROFILE_NOT_FOUND",
            detail: "Profile not found.")
        let delete = try #require(
            try server.request("DELETE", "/v1/phota/profiles/\(id)", headers: [("X-API-Key", "k")]))
        #expect(delete.status == 200)
        Profiles.expectError(
            try Profiles.get(server, path, key: "k"), status: 404, code: "PROFILE_NOT_FOUND",
            detail: "Profile not found.")

        let kept = try self.createReady(server, key: "k")
        Profiles.expectStatus(
            try Profiles.get(server, "/v1/phota/profiles/\(kept)/status", key: "k"), id: kept, status: "READY")
        let reset = try #require(
            try server.request(
                "POST", "/_mock/reset", headers: [("Content-Type", "application/json")], body: #"{"api_key":"k"}"#)
        )
        #expect(reset.status == 200)
        Profiles.expectError(
            try Profiles.get(server, "/v1/phota/profiles/\(kept)/status", key: "k"), status: 404,
            code: "PROFILE_NOT_FOUND",
            detail: "Profile not found."
        )
    }
}
