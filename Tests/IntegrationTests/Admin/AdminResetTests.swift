// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaMockTesting
import PhotaTestSupport
import Testing

/// `POST /_mock/reset`: everything, or one account.
@Suite struct AdminResetTests {
    let server: PhotaMockServer

    init() throws {
        self.server = try PhotaMockServer(frozenClock: true, clockStart: Admin.epochDate)
    }

    /// Gives `key` profiles, a balance, journal entries, a fault rule and a clock offset; returns its profile ids.
    private func populate(_ key: String) throws -> [String] {
        let added = try Profiles.add(self.server, key: key)
        let created = try self.server.admin.createProfiles(apiKey: key, count: 2, status: "READY")
        try self.server.admin.setCredit(7.5, apiKey: key)
        try self.server.admin.addFault(FaultRuleSpec(method: "DELETE", apiKey: key, action: .error(status: 500)))
        try self.server.admin.advance(by: .milliseconds(700), apiKey: key)
        return [added] + created
    }

    private func count(_ query: String) throws -> String {
        try Admin.ok(self.server, "GET", "/_mock/journal/count?\(query)")
    }

    @Test func resettingOneKeyWipesOnlyThatAccount() throws {
        defer { self.server.stop() }
        let gone = try self.populate("alice")
        let kept = try self.populate("bob")
        let shared = try #require(try self.server.admin.addFault(FaultRuleSpec(method: "PATCH", action: .empty)).id)
        #expect(try self.count("api_key=alice") == #"{"count":1}"#)
        #expect(try self.count("api_key=bob") == #"{"count":1}"#)

        #expect(
            try Admin.ok(self.server, "POST", "/_mock/reset", body: #"{"api_key":"alice"}"#) == #"{"reset":"alice"}"#)

        // Journal entries, fault rules and the clock offset of alice are gone (checked before alice calls again).
        #expect(try self.count("api_key=alice") == #"{"count":0}"#)
        #expect(try self.count("api_key=bob") == #"{"count":1}"#)
        let rules = try #require(
            try Admin.object(try Admin.ok(self.server, "GET", "/_mock/faults"))["faults"] as? [[String: Any]])
        #expect(rules.map { $0["api_key"] as? String } == ["bob", nil])
        #expect(rules.last?["id"] as? String == shared)
        #expect(
            Admin.int(try Admin.object(try Admin.ok(self.server, "GET", "/_mock/clock?api_key=alice"))["offset_ms"])
                == 0)
        #expect(
            Admin.int(try Admin.object(try Admin.ok(self.server, "GET", "/_mock/clock?api_key=bob"))["offset_ms"])
                == 700)
        // Balance back to the default (unlimited here); bob keeps his.
        #expect(try Admin.ok(self.server, "GET", "/_mock/credits/alice") == #"{"api_key":"alice","balance":null}"#)
        #expect(try Admin.ok(self.server, "GET", "/_mock/credits/bob") == #"{"api_key":"bob","balance":7.5}"#)
        // Profiles.
        for id in gone {
            Profiles.expectError(
                try Admin.status(self.server, id, key: "alice"), status: 404, code: "PROFILE_NOT_FOUND",
                detail: "Profile not found.")
            Profiles.expectError(
                try Admin.call(self.server, "GET", "/_mock/profiles/\(id)"), status: 404, code: "PROFILE_NOT_FOUND",
                detail: "Profile not found.")
        }
        #expect(try Profiles.get(self.server, "/v1/phota/profiles/ids", key: "alice").bodyText == #"{"profiles":[]}"#)
        #expect(
            try Profiles.get(self.server, "/v1/phota/profiles/ids", key: "bob").bodyText
                == #"{"profiles":["# + kept.map { "\"\($0)\"" }.joined(separator: ",") + "]}"
        )
        // bob's added profile is still being trained on bob's clock (700 ms ahead: QUEUING).
        Profiles.expectStatus(try Admin.status(self.server, kept[0], key: "bob"), id: kept[0], status: "QUEUING")
        try self.server.admin.advance(by: .milliseconds(1800))
        Profiles.expectStatus(try Admin.status(self.server, kept[0], key: "bob"), id: kept[0], status: "READY")
        // The query form works too.
        #expect(try Admin.ok(self.server, "POST", "/_mock/reset?api_key=bob") == #"{"reset":"bob"}"#)
        #expect(try Profiles.get(self.server, "/v1/phota/profiles/ids", key: "bob").bodyText == #"{"profiles":[]}"#)
    }

    /// Resetting an account frees its training slots: new profiles train at once.
    @Test func resetFreesTheAccountsTrainingSlots() throws {
        defer { self.server.stop() }
        let old = try self.server.admin.createProfiles(apiKey: "slots", count: 3, status: "IN_PROGRESS")
        Profiles.expectStatus(try Admin.status(self.server, old[2], key: "slots"), id: old[2], status: "QUEUING")
        try self.server.admin.reset(apiKey: "slots")
        let new = try self.server.admin.createProfiles(apiKey: "slots", count: 2, status: "IN_PROGRESS")
        for id in new {
            Profiles.expectStatus(try Admin.status(self.server, id, key: "slots"), id: id, status: "IN_PROGRESS")
        }
        try self.server.admin.advance(by: .milliseconds(1500))
        for id in new {
            Profiles.expectStatus(try Admin.status(self.server, id, key: "slots"), id: id, status: "READY")
        }
        #expect(
            try Profiles.get(self.server, "/v1/phota/profiles/ids", key: "slots").bodyText.contains(old[0]) == false)
    }

    @Test func resettingEverythingWipesEveryAccount() throws {
        defer { self.server.stop() }
        let alice = try self.populate("alice")
        let bob = try self.populate("bob")
        let frozen = try Admin.ok(self.server, "GET", "/_mock/clock")
        #expect(try Admin.ok(self.server, "POST", "/_mock/reset") == #"{"reset":"all"}"#)
        #expect(try Admin.ok(self.server, "GET", "/_mock/journal") == #"{"entries":[]}"#)
        #expect(try Admin.ok(self.server, "GET", "/_mock/faults") == #"{"faults":[]}"#)
        for key in ["alice", "bob"] {
            #expect(
                try Admin.ok(self.server, "GET", "/_mock/credits/\(key)") == #"{"api_key":"\#(key)","balance":null}"#)
            #expect(
                Admin.int(
                    try Admin.object(try Admin.ok(self.server, "GET", "/_mock/clock?api_key=\(key)"))["offset_ms"]) == 0
            )
            #expect(try Profiles.get(self.server, "/v1/phota/profiles/ids", key: key).bodyText == #"{"profiles":[]}"#)
        }
        for id in alice + bob {
            Profiles.expectError(
                try Admin.call(self.server, "GET", "/_mock/profiles/\(id)"), status: 404, code: "PROFILE_NOT_FOUND",
                detail: "Profile not found.")
        }
        // The global clock itself is not reset: it stays frozen where it was.
        #expect(try Admin.ok(self.server, "GET", "/_mock/clock") == frozen)
        // A wiped server works as new: an old pending transition does not resurface.
        let fresh = try Profiles.add(self.server, key: "alice")
        try self.server.admin.advance(by: .milliseconds(2500))
        Profiles.expectStatus(try Admin.status(self.server, fresh, key: "alice"), id: fresh, status: "READY")
        #expect(
            try Profiles.get(self.server, "/v1/phota/profiles/ids", key: "alice").bodyText
                == #"{"profiles":["\#(fresh)"]}"#)
    }
}
