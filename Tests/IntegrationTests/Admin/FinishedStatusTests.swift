// SPDX-License-Identifier: Apache-2.0
import PhotaMockTesting
import PhotaTestSupport
import Testing

/// Finished profiles answer status reads from memory; every way a finished profile can still change
/// (force, delete, reset) must show at once.
@Suite struct FinishedStatusTests {
    private func createReady(_ server: PhotaMockServer, key: String) throws -> String {
        try server.admin.createProfiles(apiKey: key, status: "READY")[0]
    }

    @Test func forceDeleteAndResetShowAtOnce() throws {
        let server = try PhotaMockServer()
        defer { server.stop() }
        let id = try self.createReady(server, key: "k")
        let path = "/v1/phota/profiles/\(id)/status"
        Profiles.expectStatus(try Profiles.get(server, path, key: "k"), id: id, status: "READY")
        Profiles.expectStatus(try Profiles.get(server, path, key: "k"), id: id, status: "READY")
        try server.admin.forceProfile(id, status: "INACTIVE")
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
        try server.admin.reset(apiKey: "k")
        Profiles.expectError(
            try Profiles.get(server, "/v1/phota/profiles/\(kept)/status", key: "k"), status: 404,
            code: "PROFILE_NOT_FOUND",
            detail: "Profile not found."
        )
    }
}
