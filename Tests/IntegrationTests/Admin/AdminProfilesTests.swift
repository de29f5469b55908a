// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// `/_mock/profiles` (create in any status, force, full record) and `/_mock/credits`.
@Suite struct AdminProfilesTests {
    let server: TestServer

    init() throws {
        self.server = try TestServer { $0.frozenClock = true }
        try Admin.freezeAtEpoch(self.server)
    }

    @Test func tenReadyProfilesWithATagInOneCall() throws {
        defer { self.server.stop() }
        let other = try Admin.create(self.server, #"{"api_key":"k","status":"READY","tag":"someone-else"}"#)
        let ids = try Admin.create(self.server, #"{"api_key":"k","count":10,"status":"READY","tag":"team"}"#)
        #expect(ids.count == 10 && Set(ids).count == 10)
        let listed = try Profiles.get(self.server, "/v1/phota/profiles/ids?tag=team", key: "k")
        #expect(listed.bodyText == #"{"profiles":["# + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]}")
        #expect(
            try Profiles.get(self.server, "/v1/phota/profiles/ids", key: "k").bodyText
                == #"{"profiles":["# + (other + ids).map { "\"\($0)\"" }.joined(separator: ",") + "]}"
        )
        for id in ids { Profiles.expectStatus(try Admin.status(self.server, id, key: "k"), id: id, status: "READY") }
        // Another account sees none of them.
        #expect(
            try Profiles.get(self.server, "/v1/phota/profiles/ids?tag=team", key: "other").bodyText
                == #"{"profiles":[]}"#)
        // Admin-created profiles cost nothing, even on an empty balance.
        #expect(
            try Admin.ok(self.server, "PUT", "/_mock/credits/poor", body: #"{"balance":0}"#)
                == #"{"api_key":"poor","balance":0}"#)
        _ = try Admin.create(self.server, #"{"api_key":"poor","count":3}"#)
        #expect(try Admin.ok(self.server, "GET", "/_mock/credits/poor") == #"{"api_key":"poor","balance":0}"#)
    }

    /// A thousand profiles are one write of the writer's (not a commit each), answered once it has committed.
    @Test func aThousandProfilesAreOneTransaction() throws {
        let server = self.server
        defer { server.stop() }
        let before = server.app.storage.committedTransactions
        let ids = try Admin.create(server, #"{"api_key":"many","count":1000,"status":"VALIDATING"}"#)
        #expect(ids.count == 1000 && Set(ids).count == 1000)
        #expect(server.app.storage.committedTransactions - before == 1)
        let listed = try Profiles.get(server, "/v1/phota/profiles/ids", key: "many")
        #expect(listed.bodyText == #"{"profiles":["# + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]}")
        Profiles.expectStatus(try Admin.status(server, ids[999], key: "many"), id: ids[999], status: "VALIDATING")
        // A request refused before anything is written answers at once and writes nothing.
        let refused = try Admin.call(server, "POST", "/_mock/profiles", body: #"{"api_key":"many","count":1001}"#)
        Profiles.expectError(refused, status: 400, code: "BAD_REQUEST", detail: "count must be between 1 and 1000")
        #expect(server.app.storage.committedTransactions - before == 1)
    }

    @Test func profilesCanBeCreatedInEveryStatus() throws {
        defer { self.server.stop() }
        let validating = try Admin.create(self.server, #"{"api_key":"k","status":"VALIDATING"}"#)[0]
        let queuing = try Admin.create(self.server, #"{"api_key":"k","status":"QUEUING"}"#)[0]
        let error = try Admin.create(self.server, #"{"api_key":"k","status":"ERROR"}"#)[0]
        let explained = try Admin.create(self.server, #"{"api_key":"k","status":"ERROR","message":"No face found."}"#)[
            0]
        let inactive = try Admin.create(self.server, #"{"api_key":"k","status":"INACTIVE"}"#)[0]
        Profiles.expectStatus(try Admin.status(self.server, validating, key: "k"), id: validating, status: "VALIDATING")
        Profiles.expectStatus(try Admin.status(self.server, queuing, key: "k"), id: queuing, status: "QUEUING")
        Profiles.expectStatus(
            try Admin.status(self.server, error, key: "k"), id: error, status: "ERROR", message: "Training failed.")
        Profiles.expectStatus(
            try Admin.status(self.server, explained, key: "k"), id: explained, status: "ERROR",
            message: "No face found.")
        Profiles.expectStatus(try Admin.status(self.server, inactive, key: "k"), id: inactive, status: "INACTIVE")
        // Two fast slots per account: the third IN_PROGRESS waits in QUEUING like any profile.
        let training = try Admin.create(self.server, #"{"api_key":"t","status":"IN_PROGRESS","count":3}"#)
        Profiles.expectStatus(
            try Admin.status(self.server, training[0], key: "t"), id: training[0], status: "IN_PROGRESS")
        Profiles.expectStatus(
            try Admin.status(self.server, training[1], key: "t"), id: training[1], status: "IN_PROGRESS")
        Profiles.expectStatus(try Admin.status(self.server, training[2], key: "t"), id: training[2], status: "QUEUING")
        // QUEUING skipped validation: it trains after the minimum queue time, not after validating first.
        try Admin.advance(self.server, ms: 500)
        Profiles.expectStatus(try Admin.status(self.server, queuing, key: "k"), id: queuing, status: "IN_PROGRESS")
        Profiles.expectStatus(try Admin.status(self.server, validating, key: "k"), id: validating, status: "QUEUING")
        // Forcing frees a training slot, which the waiting profile takes at once.
        _ = try Admin.ok(self.server, "POST", "/_mock/profiles/\(training[0])/force", body: #"{"status":"READY"}"#)
        Profiles.expectStatus(
            try Admin.status(self.server, training[2], key: "t"), id: training[2], status: "IN_PROGRESS")
        try Admin.advance(self.server, ms: 1500)
        Profiles.expectStatus(try Admin.status(self.server, training[1], key: "t"), id: training[1], status: "READY")
        Profiles.expectStatus(try Admin.status(self.server, training[2], key: "t"), id: training[2], status: "READY")
    }

    @Test func forceReadyErrorAndInactiveAndOnlyReadyHasAPicture() throws {
        defer { self.server.stop() }
        let ids = try Admin.create(self.server, #"{"api_key":"k","status":"VALIDATING","count":3}"#)
        let picture = { (id: String) throws -> RawResponse in
            try Profiles.get(self.server, "/v1/phota/profiles/\(id)/profile_picture", key: "k")
        }
        Profiles.expectError(
            try picture(ids[0]), status: 404, code: "PROFILE_NOT_READY", detail: "Profile is not ready.")

        let ready = try Admin.object(
            try Admin.ok(self.server, "POST", "/_mock/profiles/\(ids[0])/force", body: #"{"status":"READY"}"#))
        #expect(ready["status"] as? String == "READY")
        Profiles.expectStatus(try Admin.status(self.server, ids[0], key: "k"), id: ids[0], status: "READY")
        let jpeg = try picture(ids[0])
        #expect(jpeg.status == 200)
        #expect(jpeg.header("Content-Type") == "image/jpeg")
        #expect(Array(jpeg.body.prefix(2)) == [0xFF, 0xD8])

        let failed = try Admin.object(
            try Admin.ok(
                self.server, "POST", "/_mock/profiles/\(ids[1])/force",
                body: #"{"status":"ERROR","message":"Blurry photos."}"#)
        )
        #expect(failed["status"] as? String == "ERROR")
        #expect(failed["message"] as? String == "Blurry photos.")
        Profiles.expectStatus(
            try Admin.status(self.server, ids[1], key: "k"), id: ids[1], status: "ERROR", message: "Blurry photos.")
        Profiles.expectError(
            try picture(ids[1]), status: 404, code: "PROFILE_NOT_READY", detail: "Profile is not ready.")

        _ = try Admin.ok(self.server, "POST", "/_mock/profiles/\(ids[2])/force", body: #"{"status":"INACTIVE"}"#)
        Profiles.expectStatus(try Admin.status(self.server, ids[2], key: "k"), id: ids[2], status: "INACTIVE")
        Profiles.expectError(
            try picture(ids[2]), status: 404, code: "PROFILE_NOT_READY", detail: "Profile is not ready.")

        // Forcing a finished profile again (it lives only in storage now) still works; ERROR defaults its message.
        _ = try Admin.ok(self.server, "POST", "/_mock/profiles/\(ids[0])/force", body: #"{"status":"ERROR"}"#)
        Profiles.expectStatus(
            try Admin.status(self.server, ids[0], key: "k"), id: ids[0], status: "ERROR", message: "Training failed.")
        Profiles.expectError(
            try picture(ids[0]), status: 404, code: "PROFILE_NOT_READY", detail: "Profile is not ready.")
        _ = try Admin.ok(self.server, "POST", "/_mock/profiles/\(ids[2])/force", body: #"{"status":"READY"}"#)
        #expect(try picture(ids[2]).status == 200)
    }

    @Test func fullRecordOfACreatedProfile() throws {
        defer { self.server.stop() }
        let e = Admin.epoch
        let id = try Admin.create(
            self.server, #"{"api_key":"k","status":"READY","tag":"anna","training_tier":"standard"}"#)[0]
        let urls = (1...10).map { "\"https://example.com/phota-mock/\(id)/\($0).jpg\"" }.joined(separator: ",")
        let record = try Admin.ok(self.server, "GET", "/_mock/profiles/\(id)")
        #expect(
            record
                == #"{"api_key":"k","created_at":\#(e),"finished_at":\#(e),"history":[],"image_urls":[\#(urls)],"#
                + #""plan":{"queue_min_ms":500,"training_ms":3000,"validating_ms":500},"profile_id":"\#(id)","queued_at":\#(e),"#
                + #""status":"READY","status_at":\#(e),"tag":"anna","training_at":\#(e),"training_tier":"standard","validating_at":\#(e)}"#
        )
        let given = try Admin.create(
            self.server,
            #"{"api_key":"k","status":"ERROR","message":"Bad light.","image_urls":["https://x.test/a.png","https://x.test/b.png"]}"#
        )[0]
        let givenRecord = try Admin.ok(self.server, "GET", "/_mock/profiles/\(given)")
        #expect(
            givenRecord
                == #"{"api_key":"k","created_at":\#(e),"finished_at":\#(e),"history":[],"#
                + #""image_urls":["https://x.test/a.png","https://x.test/b.png"],"message":"Bad light.","#
                + #""plan":{"queue_min_ms":500,"training_ms":1500,"validating_ms":500},"profile_id":"\#(given)","queued_at":\#(e),"#
                + #""status":"ERROR","status_at":\#(e),"training_at":\#(e),"training_tier":"fast","validating_at":\#(e)}"#
        )
    }

    /// A profile added through the Phota API and moved through every phase: each phase timestamp and
    /// the history (the transitions since it was created) in order.
    @Test func fullRecordHasEveryPhaseAndTheHistoryInOrder() throws {
        defer { self.server.stop() }
        let e = Admin.epoch
        let id = try Profiles.add(self.server, key: "k", tier: "fast", tag: "bob")
        let start = try Admin.detail(self.server, id)
        #expect(start["status"] as? String == "VALIDATING")
        #expect(Admin.int(start["validating_at"]) == e)
        #expect(start["queued_at"] == nil && start["training_at"] == nil && start["finished_at"] == nil)
        #expect(start["history"] as? [Any] != nil && (start["history"] as? [Any])?.isEmpty == true)
        // Read straight after each advance: the record already holds the transition the advance applied.
        for (step, status, field, at) in [
            (Int64(500), "QUEUING", "queued_at", e + 500), (500, "IN_PROGRESS", "training_at", e + 1000),
            (1500, "READY", "finished_at", e + 2500),
        ] {
            try Admin.advance(self.server, ms: step)
            let record = try Admin.detail(self.server, id)
            #expect(record["status"] as? String == status)
            #expect(Admin.int(record["status_at"]) == at)
            #expect(Admin.int(record[field]) == at, "\(field)")
            #expect((record["history"] as? [[String: Any]])?.last?["status"] as? String == status)
            Profiles.expectStatus(try Admin.status(self.server, id, key: "k"), id: id, status: status)
        }
        let urls = (1...5).map { "\"https://example.com/photo\($0).jpg\"" }.joined(separator: ",")
        // The history lists the transitions after creation, oldest first.
        let history = [(e + 500, "QUEUING"), (e + 1000, "IN_PROGRESS"), (e + 2500, "READY")]
            .map { #"{"at":\#($0.0),"status":"\#($0.1)"}"# }.joined(separator: ",")
        let record = try Admin.ok(self.server, "GET", "/_mock/profiles/\(id)")
        #expect(
            record
                == #"{"api_key":"k","created_at":\#(e),"finished_at":\#(e + 2500),"history":[\#(history)],"image_urls":[\#(urls)],"#
                + #""plan":{"queue_min_ms":500,"training_ms":1500,"validating_ms":500},"profile_id":"\#(id)","queued_at":\#(e + 500),"#
                + #""status":"READY","status_at":\#(e + 2500),"tag":"bob","training_at":\#(e + 1000),"training_tier":"fast","#
                + #""validating_at":\#(e)}"#
        )
    }

    @Test func creditsReadSetAnd402WhenTooLow() throws {
        defer { self.server.stop() }
        // No balance set: unlimited (the server's default).
        #expect(try Admin.ok(self.server, "GET", "/_mock/credits/payer") == #"{"api_key":"payer","balance":null}"#)
        #expect(
            try Admin.ok(self.server, "PUT", "/_mock/credits/payer", body: #"{"balance":2}"#)
                == #"{"api_key":"payer","balance":2}"#)
        #expect(try Admin.ok(self.server, "GET", "/_mock/credits/payer") == #"{"api_key":"payer","balance":2}"#)
        _ = try Profiles.add(self.server, key: "payer", tier: "fast")
        #expect(try Admin.ok(self.server, "GET", "/_mock/credits/payer") == #"{"api_key":"payer","balance":0.51}"#)
        let body = Profiles.addBody(urls: Profiles.urls(5), tier: "fast")
        let refused = try #require(
            try self.server.request(
                "POST", "/v1/phota/profiles/add", headers: [("X-API-Key", "payer"), Profiles.json], body: body)
        )
        Profiles.expectError(
            refused, status: 402, code: "INSUFFICIENT_CREDIT", detail: "Insufficient prepaid credit balance.")
        #expect(try Admin.ok(self.server, "GET", "/_mock/credits/payer") == #"{"api_key":"payer","balance":0.51}"#)
        // Back to unlimited.
        #expect(
            try Admin.ok(self.server, "PUT", "/_mock/credits/payer", body: #"{"balance":null}"#)
                == #"{"api_key":"payer","balance":null}"#)
        _ = try Profiles.add(self.server, key: "payer", tier: "standard")
        #expect(try Admin.ok(self.server, "GET", "/_mock/credits/payer") == #"{"api_key":"payer","balance":null}"#)
    }
}
