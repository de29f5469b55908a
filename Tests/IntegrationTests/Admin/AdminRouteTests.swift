// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Journal entries and fault rules name routes by the router's own patterns.
@Suite struct AdminRouteTests {
    @Test func journalEntriesCarryTheirRouteAndFilterByIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        _ = try Profiles.get(server, "/v1/phota/profiles/ids", key: "r")
        _ = try Profiles.get(server, "/v1/phota/profiles/ffffffffffffffffffffffffffffffff/status", key: "r")
        _ = try Profiles.get(server, "/v1/phota/nowhere", key: "r")
        let entries = try #require(
            try Admin.object(try Admin.ok(server, "GET", "/_mock/journal"))["entries"] as? [[String: Any]])
        #expect(
            entries.map { $0["route"] as? String } == [
                "/v1/phota/profiles/ids", "/v1/phota/profiles/{profile_id}/status", nil,
            ])
        let status = "/v1/phota/profiles/%7Bprofile_id%7D/status"
        #expect(try Admin.ok(server, "GET", "/_mock/journal/count?route=\(status)") == #"{"count":1}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/journal/count?route=/v1/phota/profiles/ids") == #"{"count":1}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/journal/count?route=/v1/phota/profiles/*") == #"{"count":0}"#)
    }

    @Test func aFaultRuleNamingARouteFiresOnlyOnIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        try Admin.ok(
            server, "POST", "/_mock/faults",
            body:
                #"{"route":"/v1/phota/profiles/{profile_id}/status","times":1,"action":{"type":"error","status":503}}"#)
        #expect(try Profiles.get(server, "/v1/phota/profiles/ids", key: "r").status == 200)
        let unknown = "/v1/phota/profiles/ffffffffffffffffffffffffffffffff/status"
        #expect(try Profiles.get(server, unknown, key: "r").status == 503)
        Profiles.expectError(
            try Profiles.get(server, unknown, key: "r"), status: 404, code: "PROFILE_NOT_FOUND",
            detail: "Profile not found.")
    }
}
