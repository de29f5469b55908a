// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaMockTesting
import PhotaTestSupport
import Testing

/// `/_mock/clock`: read, freeze, unfreeze, advance (global and per key), set and scale.
@Suite struct AdminClockTests {
    static func state(
        _ now: Int64, _ iso: String, frozen: Bool = true, scale: String = "1", key: String? = nil, offset: Int64? = nil
    ) -> String {
        let account = key.map { #"{"api_key":"\#($0)","# } ?? "{"
        let offsetField = offset.map { #","offset_ms":\#($0)"# } ?? ""
        return account + #""frozen":\#(frozen),"now":\#(now),"now_iso":"\#(iso)"\#(offsetField),"scale":\#(scale)}"#
    }

    @Test func readFreezeAdvanceSetAndScaleWithExactJSON() throws {
        let server = try PhotaMockServer()
        defer { server.stop() }
        let running = try Admin.object(try Admin.ok(server, "GET", "/_mock/clock"))
        #expect(running["frozen"] as? Bool == false)
        #expect(Admin.int(running["scale"]) == 1)
        let frozen = try Admin.object(try Admin.ok(server, "POST", "/_mock/clock/freeze"))
        #expect(frozen["frozen"] as? Bool == true)
        let frozenNow = try #require(Admin.int(frozen["now"]))
        #expect(frozenNow >= (Admin.int(running["now"]) ?? .max))
        // Frozen: reading twice gives the same instant.
        #expect(Admin.int(try Admin.object(try Admin.ok(server, "GET", "/_mock/clock"))["now"]) == frozenNow)

        let e = Admin.epoch
        #expect(
            try Admin.ok(server, "POST", "/_mock/clock/set", body: #"{"now":\#(e)}"#) == Self.state(e, Admin.epochISO))
        #expect(try Admin.ok(server, "GET", "/_mock/clock") == Self.state(e, Admin.epochISO))
        #expect(
            try Admin.ok(server, "POST", "/_mock/clock/advance", body: #"{"milliseconds":1500}"#)
                == Self.state(e + 1500, "2030-03-17T17:46:41.500Z")
        )
        #expect(
            try Admin.ok(server, "POST", "/_mock/clock/advance", body: #"{"seconds":90}"#)
                == Self.state(e + 91_500, "2030-03-17T17:48:11.500Z")
        )
        #expect(
            try Admin.ok(server, "POST", "/_mock/clock/advance", body: #"{"seconds":0.25}"#)
                == Self.state(e + 91_750, "2030-03-17T17:48:11.750Z")
        )
        // Per key: only that account moves, by an offset.
        #expect(
            try Admin.ok(server, "POST", "/_mock/clock/advance", body: #"{"seconds":60,"api_key":"k1"}"#)
                == Self.state(e + 151_750, "2030-03-17T17:49:11.750Z", key: "k1", offset: 60_000)
        )
        #expect(
            try Admin.ok(server, "GET", "/_mock/clock?api_key=k1")
                == Self.state(e + 151_750, "2030-03-17T17:49:11.750Z", key: "k1", offset: 60_000)
        )
        #expect(
            try Admin.ok(server, "GET", "/_mock/clock?api_key=k2")
                == Self.state(e + 91_750, "2030-03-17T17:48:11.750Z", key: "k2", offset: 0))
        #expect(try Admin.ok(server, "GET", "/_mock/clock") == Self.state(e + 91_750, "2030-03-17T17:48:11.750Z"))
        // A global move carries every account along, offsets kept.
        #expect(
            try Admin.ok(server, "POST", "/_mock/clock/set", body: #"{"now":\#(e + 100_000)}"#)
                == Self.state(e + 100_000, "2030-03-17T17:48:20.000Z")
        )
        #expect(
            try Admin.ok(server, "GET", "/_mock/clock?api_key=k1")
                == Self.state(e + 160_000, "2030-03-17T17:49:20.000Z", key: "k1", offset: 60_000)
        )
        // Set only goes forward.
        Admin.expectBad(
            try Admin.call(server, "POST", "/_mock/clock/set", body: #"{"now":\#(e)}"#), "the clock only moves forward")

        #expect(
            try Admin.ok(server, "POST", "/_mock/clock/scale", body: #"{"scale":60}"#)
                == Self.state(e + 100_000, "2030-03-17T17:48:20.000Z", scale: "60")
        )
        #expect(
            try Admin.ok(server, "POST", "/_mock/clock/scale", body: #"{"scale":0.5}"#)
                == Self.state(e + 100_000, "2030-03-17T17:48:20.000Z", scale: "0.5")
        )
        try Admin.ok(server, "POST", "/_mock/clock/scale", body: #"{"scale":1000}"#)

        // Unfrozen, time follows the wall at the scale from where it stood.
        let resumed = try Admin.object(try Admin.ok(server, "POST", "/_mock/clock/unfreeze"))
        #expect(resumed["frozen"] as? Bool == false)
        #expect(Admin.int(resumed["scale"]) == 1000)
        #expect((Admin.int(resumed["now"]) ?? 0) >= e + 100_000)
        // Bounded wait on the wall: at 1000× a simulated second passes in about a millisecond.
        var moved: Int64 = 0
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            moved = Admin.int(try Admin.object(try Admin.ok(server, "GET", "/_mock/clock"))["now"]) ?? 0
            if moved >= e + 101_000 { break }
        }
        #expect(moved >= e + 101_000)
        let refrozen = try Admin.object(try Admin.ok(server, "POST", "/_mock/clock/freeze"))
        #expect(refrozen["frozen"] as? Bool == true)
        #expect((Admin.int(refrozen["now"]) ?? 0) >= moved)
    }

    /// Profiles created through the admin API live on their account's clock, offset included.
    @Test func adminCreatedProfilesFollowTheirAccountsClock() throws {
        let server = try PhotaMockServer(frozenClock: true, clockStart: Admin.epochDate)
        defer { server.stop() }
        try server.admin.advance(by: .seconds(60), apiKey: "ahead")
        let ready = try server.admin.createProfiles(apiKey: "ahead", status: "READY")[0]
        #expect(Admin.int(try Admin.detail(server, ready)["created_at"]) == Admin.epoch + 60_000)
        let running = try server.admin.createProfiles(apiKey: "ahead", status: "VALIDATING")[0]
        let behind = try server.admin.createProfiles(apiKey: "behind", status: "VALIDATING")[0]
        #expect(Admin.int(try Admin.detail(server, behind)["created_at"]) == Admin.epoch)
        try server.admin.advance(by: .milliseconds(500), apiKey: "ahead")
        Profiles.expectStatus(try Admin.status(server, running, key: "ahead"), id: running, status: "QUEUING")
        Profiles.expectStatus(try Admin.status(server, behind, key: "behind"), id: behind, status: "VALIDATING")
        let forced = try Admin.object(
            try Admin.ok(server, "POST", "/_mock/profiles/\(running)/force", body: #"{"status":"INACTIVE"}"#))
        #expect(Admin.int(forced["status_at"]) == Admin.epoch + 60_500)
        #expect(
            (forced["history"] as? [[String: Any]])?.map { Admin.int($0["at"]) } == [
                Admin.epoch + 60_500, Admin.epoch + 60_500,
            ])
    }

    /// Two keys with independent clocks: advancing one moves only that account's profile along.
    @Test func advancingOneKeyLeavesTheOtherKeysProfileWhereItWas() throws {
        let server = try PhotaMockServer(frozenClock: true)
        defer { server.stop() }
        let mine = try Profiles.add(server, key: "key-a")
        let theirs = try Profiles.add(server, key: "key-b")
        try server.admin.advance(by: .milliseconds(2500), apiKey: "key-a")
        Profiles.expectStatus(try Admin.status(server, mine, key: "key-a"), id: mine, status: "READY")
        Profiles.expectStatus(try Admin.status(server, theirs, key: "key-b"), id: theirs, status: "VALIDATING")
        try server.admin.advance(by: .milliseconds(500), apiKey: "key-b")
        Profiles.expectStatus(try Admin.status(server, theirs, key: "key-b"), id: theirs, status: "QUEUING")
        // A global advance then moves both; key-a is already done.
        try server.admin.advance(by: .seconds(2))
        Profiles.expectStatus(try Admin.status(server, theirs, key: "key-b"), id: theirs, status: "READY")
        Profiles.expectStatus(try Admin.status(server, mine, key: "key-a"), id: mine, status: "READY")
    }
}

/// The clock stops at the last instant ISO 8601 can write: setting or advancing past it is a 400, nothing moves.
@Suite struct AdminClockBoundTests {
    @Test func theClockCannotBeSetOrAdvancedPastTheYear9999() throws {
        let server = try TestServer { $0.frozenClock = true }
        defer { server.stop() }
        let tooLate = try Admin.call(server, "POST", "/_mock/clock/set", body: #"{"now":9223372036854775807}"#)
        #expect(tooLate.status == 400)
        #expect(
            tooLate.bodyText.hasPrefix(
                #"{"detail":"now must be at most 253402300799999 (9999-12-31T23:59:59.999Z)","code":"BAD_REQUEST""#))
        try Admin.ok(server, "POST", "/_mock/clock/set", body: #"{"now":253402300799000}"#)
        let past = try Admin.call(server, "POST", "/_mock/clock/advance", body: #"{"milliseconds":1000}"#)
        #expect(past.status == 400)
        #expect(
            past.bodyText.hasPrefix(
                #"{"detail":"the clock would pass 9999-12-31T23:59:59.999Z, the latest time it can show","code":"BAD_REQUEST""#
            ))
        let state = try Admin.ok(server, "POST", "/_mock/clock/advance", body: #"{"milliseconds":999}"#)
        #expect(state.contains(#""now":253402300799999"#))
        #expect(state.contains(#""now_iso":"9999-12-31T23:59:59.999Z""#))
    }
}
