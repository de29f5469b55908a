// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaMockTesting
import PhotaTestSupport
import Testing

/// The control plane as a client's test suite would use it.
@Suite struct AdminEndToEndTests {
    @Test func trainOnAFrozenClockThenSurviveTwoInjected503s() throws {
        let server = try PhotaMockServer()
        defer { server.stop() }
        // Freeze time, add a profile through the real API.
        try server.admin.freeze()
        let id = try Profiles.add(server, key: "suite-key", tier: "fast", tag: "e2e")
        let status = { try Admin.status(server, id, key: "suite-key") }
        Profiles.expectStatus(try status(), id: id, status: "VALIDATING")

        // Default preset, fast tier: 0.5 s validating, at least 0.5 s queuing, 1.5 s training.
        try server.admin.advance(by: .milliseconds(499))
        Profiles.expectStatus(try status(), id: id, status: "VALIDATING")
        try server.admin.advance(by: .milliseconds(1))
        Profiles.expectStatus(try status(), id: id, status: "QUEUING")
        try server.admin.advance(by: .seconds(0.5))
        Profiles.expectStatus(try status(), id: id, status: "IN_PROGRESS")
        try server.admin.advance(by: .seconds(1.499))
        Profiles.expectStatus(try status(), id: id, status: "IN_PROGRESS")
        try server.admin.advance(by: .milliseconds(1))
        Profiles.expectStatus(try status(), id: id, status: "READY")

        // The next two status reads fail with 503.
        let rule = try Admin.object(
            try Admin.ok(
                server, "POST", "/_mock/faults",
                body:
                    #"{"method":"GET","path":"/v1/phota/profiles/*/status","times":2,"action":{"type":"error","status":503}}"#
            )
        )
        #expect(rule["id"] as? String == "fault-1")
        for _ in 0..<2 {
            let failed = try status()
            Profiles.expectError(failed, status: 503, code: "SERVICE_UNAVAILABLE", detail: "Service Unavailable")
            #expect(failed.header("Retry-After") == "1")
        }
        // The third read succeeds, and the rule is used up.
        Profiles.expectStatus(try status(), id: id, status: "READY")
        #expect(try Admin.ok(server, "GET", "/_mock/faults") == #"{"faults":[]}"#)
        // The journal tells the whole story of the status reads.
        let entries = try #require(
            try Admin.object(
                try Admin.ok(server, "GET", "/_mock/journal?path=/v1/phota/profiles/*/status&api_key=suite-key"))[
                    "entries"]
                as? [[String: Any]]
        )
        #expect(entries.compactMap { Admin.int($0["status"]) } == [200, 200, 200, 200, 200, 200, 503, 503, 200])
        #expect(try Admin.ok(server, "GET", "/_mock/journal/count?status=503") == #"{"count":2}"#)
        // The picture is there.
        let picture = try Profiles.get(server, "/v1/phota/profiles/\(id)/profile_picture", key: "suite-key")
        #expect(picture.status == 200)
        #expect(picture.header("Content-Type") == "image/jpeg")
    }
}
