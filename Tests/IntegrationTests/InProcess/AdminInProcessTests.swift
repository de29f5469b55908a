// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// The `/_mock` control plane through the application's responder, without a socket.
@Suite struct AdminInProcessTests {
    @Test func clockAdvanceAnswersTheExactStateAndMovesProfiles() throws {
        let app = try InProcessApp()
        defer { app.stop() }
        try Admin.freezeAtEpoch(app)
        let e = Admin.epoch
        #expect(
            try Admin.ok(app, "POST", "/_mock/clock/advance", body: #"{"milliseconds":1500}"#)
                == AdminClockTests.state(e + 1500, "2030-03-17T17:46:41.500Z")
        )
        #expect(
            try Admin.ok(app, "POST", "/_mock/clock/advance", body: #"{"seconds":60,"api_key":"k1"}"#)
                == AdminClockTests.state(e + 61_500, "2030-03-17T17:47:41.500Z", key: "k1", offset: 60_000)
        )
        Admin.expectBad(
            try Admin.call(app, "POST", "/_mock/clock/set", body: #"{"now":\#(e)}"#), "the clock only moves forward")

        let id = try Profiles.add(app, key: "k2")
        try Admin.advance(app, ms: 500, key: "k2")
        Profiles.expectStatus(try Admin.status(app, id, key: "k2"), id: id, status: "QUEUING")
        try Admin.advance(app, ms: 2000)
        Profiles.expectStatus(try Admin.status(app, id, key: "k2"), id: id, status: "READY")
    }

    @Test func journalRecordsInProcessExchangesWithTheirRequestIds() throws {
        let app = try InProcessApp { $0.frozenClock = true }
        defer { app.stop() }
        let ids = try Profiles.get(app, "/v1/phota/profiles/ids?tag=t", key: "a")
        let text = try Admin.ok(app, "GET", "/_mock/journal")
        let entries = try #require(try Admin.object(text)["entries"] as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["request_id"] as? String == ids.header("X-Request-Id"))
        #expect(entries.first?["query"] as? String == "tag=t")
        #expect(entries.first?["response_body"] as? String == #"{"profiles":[]}"#)
    }

    @Test func faultThatClosesWithoutAResponseGivesNoResponse() throws {
        let app = try InProcessApp { $0.frozenClock = true }
        defer { app.stop() }
        try Admin.ok(app, "POST", "/_mock/faults", body: #"{"method":"POST","times":1,"action":{"type":"empty"}}"#)
        let body = Profiles.addBody(urls: Profiles.urls(5), tier: "fast")
        #expect(
            try app.request("POST", "/v1/phota/profiles/add", headers: [("X-API-Key", "k"), Profiles.json], body: body)
                == nil)
        let listed =
            try Admin.object(try Profiles.get(app, "/v1/phota/profiles/ids", key: "k").bodyText)["profiles"]
            as? [String]
        #expect(listed?.count == 1)
    }
}
