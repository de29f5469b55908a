// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaMockTesting
import PhotaTestSupport
import Testing

/// `PhotaMockAdmin` against the real control plane: each call, its typed answer, and what it does to the server.
@Suite struct PhotaMockTestingAdminTests {
    @Test func aProfileOnAFrozenClockIsReadyOnceTheClockIsAdvanced() throws {
        let server = try PhotaMockServer(frozenClock: true, clockStart: Admin.epochDate)
        defer { server.stop() }
        let id = try Profiles.add(server, key: "k")
        #expect(try server.admin.profile(id).status == "VALIDATING")
        // Default preset, fast tier: 0.5 s validating, 0.5 s queuing, 1.5 s training.
        let moved = try server.admin.advance(by: .milliseconds(499))
        #expect(moved.now == Admin.epoch + 499 && moved.frozen && moved.apiKey == nil && moved.offsetMs == nil)
        #expect(try server.admin.profile(id).status == "VALIDATING")
        try server.admin.advance(by: .seconds(2) + .milliseconds(1))
        let profile = try server.admin.profile(id)
        #expect(profile.status == "READY")
        #expect(profile.apiKey == "k" && profile.trainingTier == "fast" && profile.createdAt == Admin.epoch)
        #expect(profile.plan.validatingMs == 500 && profile.plan.queueMinMs == 500 && profile.plan.trainingMs == 1500)
        let history: [MockProfile.HistoryEntry] = [
            .init(status: "QUEUING", at: Admin.epoch + 500),
            .init(status: "IN_PROGRESS", at: Admin.epoch + 1000),
            .init(status: "READY", at: Admin.epoch + 2500),
        ]
        #expect(profile.history == history)
        Profiles.expectStatus(try Admin.status(server, id, key: "k"), id: id, status: "READY")
    }

    @Test func theClockCallsAnswerTheClock() throws {
        let server = try PhotaMockServer()
        defer { server.stop() }
        #expect(try !server.admin.clock().frozen)
        let frozen = try server.admin.freeze()
        #expect(frozen.frozen && frozen.scale == 1)
        #expect(try server.admin.clock().now == frozen.now)
        let set = try server.admin.setClock(to: Admin.epoch)
        #expect(set == MockClock(now: Admin.epoch, nowISO: Admin.epochISO, frozen: true, scale: 1))
        #expect(try server.admin.setClock(to: Admin.epochDate.addingTimeInterval(1)).now == Admin.epoch + 1000)
        let ahead = try server.admin.advance(by: .seconds(60), apiKey: "ahead")
        #expect(ahead.apiKey == "ahead" && ahead.offsetMs == 60_000 && ahead.now == Admin.epoch + 61_000)
        #expect(try server.admin.clock(apiKey: "ahead").now == Admin.epoch + 61_000)
        #expect(try server.admin.clock(apiKey: "behind").offsetMs == 0)
        #expect(try server.admin.clock().now == Admin.epoch + 1000)
        let backwards = try #require(throws: PhotaMockError.self) { try server.admin.setClock(to: Admin.epoch) }
        #expect(backwards.status == 400 && backwards.code == "BAD_REQUEST")
        #expect(backwards.detail == "the clock only moves forward")
        #expect(try server.admin.setScale(60).scale == 60)
        let running = try server.admin.unfreeze()
        #expect(!running.frozen && running.scale == 60)
        #expect(try server.admin.freeze().frozen)
    }

    @Test func createdProfilesCanBeReadAndForced() throws {
        let server = try PhotaMockServer()
        defer { server.stop() }
        let ids = try server.admin.createProfiles(apiKey: "k", count: 2, status: "READY", tag: "batch")
        #expect(ids.count == 2)
        let ready = try server.admin.profile(ids[0])
        #expect(ready.status == "READY" && ready.tag == "batch" && ready.imageURLs.count == 5)
        let failed = try server.admin.forceProfile(ids[1], status: "ERROR", message: "Broken on purpose.")
        #expect(failed.status == "ERROR" && failed.message == "Broken on purpose.")
        Profiles.expectStatus(
            try Admin.status(server, ids[1], key: "k"), id: ids[1], status: "ERROR", message: "Broken on purpose.")
        let unknown = try #require(throws: PhotaMockError.self) {
            try server.admin.profile(String(repeating: "0", count: 32))
        }
        #expect(unknown.status == 404 && unknown.code == "PROFILE_NOT_FOUND" && unknown.detail == "Profile not found.")
        #expect(unknown.body.hasPrefix(#"{"detail":"Profile not found.","code":"PROFILE_NOT_FOUND","request_id":"#))
    }

    @Test func anEmptyBalanceIsRefusedWith402UntilCreditIsGiven() throws {
        let server = try PhotaMockServer(preset: .instant)
        defer { server.stop() }
        #expect(try server.admin.credit(apiKey: "k") == MockCredit(apiKey: "k", balance: nil))
        #expect(try server.admin.setCredit(0, apiKey: "k") == MockCredit(apiKey: "k", balance: 0))
        let generate = { try server.send("POST", "/v1/phota/generate", headers: [("X-API-Key", "k")], body: "{}") }
        let refused = try generate()
        #expect(refused.status == 402)
        let requestID = try #require(refused.header("X-Request-Id"))
        #expect(
            refused.text
                == #"{"detail":"Insufficient prepaid credit balance.","code":"INSUFFICIENT_CREDIT","request_id":"\#(requestID)"}"#
        )
        try server.admin.setCredit(5, apiKey: "k")
        #expect(try generate().status == 200)
        let left = try #require(try server.admin.credit(apiKey: "k").balance)
        #expect(left < 5)
        try server.admin.setCredit(nil, apiKey: "k")
        #expect(try server.admin.credit(apiKey: "k").balance == nil)
        #expect(try server.admin.journal(route: "/v1/phota/generate").map(\.status) == [402, 200])
    }

    @Test func faultRulesFireRemoveAndShowInTheJournal() throws {
        let server = try PhotaMockServer()
        defer { server.stop() }
        let id = try server.admin.createProfiles(apiKey: "k")[0]
        let rule = try server.admin.addFault(
            FaultRuleSpec(method: "GET", path: "/v1/phota/profiles/*/status", times: 2, action: .error(status: 503)))
        #expect(rule.id == "fault-1" && rule.times == 2 && rule.action == .error(status: 503))
        #expect(try server.admin.faults() == [rule])
        for _ in 0..<2 {
            let failed = try Admin.status(server, id, key: "k")
            Profiles.expectError(failed, status: 503, code: "SERVICE_UNAVAILABLE", detail: "Service Unavailable")
            #expect(failed.header("Retry-After") == "1")
        }
        Profiles.expectStatus(try Admin.status(server, id, key: "k"), id: id, status: "READY")
        #expect(try server.admin.faults().isEmpty)

        let entries = try server.admin.journal(path: "/v1/phota/profiles/*/status", apiKey: "k")
        #expect(entries.map(\.status) == [503, 503, 200])
        #expect(entries.allSatisfy { $0.route == "/v1/phota/profiles/{profile_id}/status" && $0.method == "GET" })
        #expect(try server.admin.journal(limit: 1).map(\.sequence) == [entries[2].sequence])
        #expect(try server.admin.journalCount(MockJournalFilter(status: 503)) == 2)
        #expect(try server.admin.clearJournal(MockJournalFilter(status: 503)) == 2)
        #expect(try server.admin.journalCount() == 1)

        let slow = try server.admin.addFault(
            json: #"{"route":"/v1/phota/profiles/ids","latency":{"type":"fixed","ms":1}}"#)
        #expect(slow.id == "fault-2" && slow.latency == .fixed(ms: 1) && slow.action == nil)
        try server.admin.removeFault(id: "fault-2")
        let missing = try #require(throws: PhotaMockError.self) { try server.admin.removeFault(id: "fault-2") }
        #expect(missing.status == 404 && missing.code == "NOT_FOUND")
        let useless = try #require(throws: PhotaMockError.self) {
            try server.admin.addFault(FaultRuleSpec(method: "GET"))
        }
        #expect(useless.status == 400 && useless.code == "BAD_REQUEST")
        try server.admin.addFault(FaultRuleSpec(apiKey: "k", action: .reset))
        try server.admin.addFault(FaultRuleSpec(action: .empty, callbackURL: "http://127.0.0.1:9/"))
        #expect(try server.admin.faults().map(\.id) == ["fault-3", "fault-4"])
        #expect(try server.admin.clearFaults() == 2)
    }

    @Test func fixturesLoadAndResetWipes() throws {
        let server = try PhotaMockServer()
        defer { server.stop() }
        let loaded = try server.admin.loadFixtures(
            json: #"""
                {"accounts":[{"api_key":"fx","balance":3}],
                 "profiles":[{"api_key":"fx","count":2,"status":"READY","tag":"seeded"}],
                 "faults":[{"method":"DELETE","action":{"type":"empty"}}]}
                """#)
        #expect(loaded == MockFixturesLoaded(accounts: 1, profiles: 2, faults: 1))
        #expect(try server.admin.credit(apiKey: "fx").balance == 3)
        #expect(try server.admin.faults().map(\.method) == ["DELETE"])
        let typed = try server.admin.loadFixtures(
            MockScenario(
                accounts: [MockCredit(apiKey: "fy", balance: nil)],
                profiles: [MockProfileBatch(apiKey: "fy", status: "ERROR", message: "Seeded failure.")]))
        #expect(typed == MockFixturesLoaded(accounts: 1, profiles: 1, faults: 0))
        let listed = try Profiles.get(server, "/v1/phota/profiles/ids?tag=seeded", key: "fx").bodyText
        #expect(listed.hasPrefix(#"{"profiles":[""#) && listed.split(separator: ",").count == 2)

        #expect(try server.admin.reset(apiKey: "fx") == "fx")
        #expect(try Profiles.get(server, "/v1/phota/profiles/ids", key: "fx").bodyText == #"{"profiles":[]}"#)
        #expect(try server.admin.credit(apiKey: "fx").balance == nil)
        #expect(try server.admin.reset() == "all")
        #expect(try server.admin.faults().isEmpty)
        #expect(try Profiles.get(server, "/v1/phota/profiles/ids", key: "fy").bodyText == #"{"profiles":[]}"#)
    }

    @Test func anAsyncJobsCallbackLandsInTheInboxSignedAndTheSecretRotates() throws {
        let server = try PhotaMockServer(frozenClock: true, clockStart: Admin.epochDate, studioTime: .seconds(2))
        defer { server.stop() }
        let name = "suite-\(UUID().uuidString.prefix(8))"
        let callbackURL = server.admin.inboxURL(name)
        #expect(callbackURL.absoluteString == "http://127.0.0.1:\(server.port)/_mock/inbox/\(name)")
        let secret =
            try Admin.object(
                try Profiles.get(server, "/v1/phota/webhook-secret", key: "k").bodyText)["secret"] as? String
        let submitted = try server.send(
            "POST", "/v1/phota/generate", headers: [("X-API-Key", "k")],
            body: #"{"prompt":"a lighthouse","async":true,"response_mode":"urls","callback_url":"\#(callbackURL)"}"#)
        #expect(submitted.status == 202, "\(submitted.text)")
        let jobID = try #require(try Admin.object(submitted.text)["job_id"] as? String)
        let running = try #require(try server.admin.jobs(apiKey: "k").first)
        #expect(running.jobID == jobID && running.status == "RUNNING" && running.result == nil)
        #expect(try server.admin.inbox(name).isEmpty)

        try server.admin.advance(by: .seconds(2), apiKey: "k")
        let callbacks = try server.admin.waitForInbox(name)
        let callback = try #require(callbacks.first)
        #expect(callbacks.count == 1)
        #expect(callback.signatureValid)
        #expect(callback.jobID == jobID)
        #expect(callback.headers["x-phota-event"] == "job.succeeded")
        #expect(callback.headers["x-phota-attempt"] == "1")
        #expect(callback.body["job"]?["job_id"]?.stringValue == jobID)
        let event = try #require(callback.callback)
        #expect(event.event == "job.succeeded" && event.job.jobID == jobID && event.job.status == "SUCCEEDED")
        #expect(event.job.result?["download_urls"]?[0]?.stringValue?.hasPrefix("http://127.0.0.1:") == true)

        // The delivery is stored as DELIVERED once the inbox's answer is back.
        var delivery: MockCallbackDelivery?
        #expect(
            try Jobs.eventually {
                delivery = try server.admin.callbacks(apiKey: "k", jobID: jobID).first
                return delivery?.state == "DELIVERED"
            })
        #expect(delivery?.url == callbackURL.absoluteString && delivery?.event == "job.succeeded")
        #expect(delivery?.attempts.map(\.status) == [200])
        #expect(delivery?.attempts.first?.signature == callback.headers["x-phota-signature"])
        #expect(delivery?.callback == event)
        let finished = try #require(try server.admin.jobs(apiKey: "k").first)
        #expect(finished.status == "SUCCEEDED" && finished.finishedAt == Jobs.iso(Admin.epoch + 2000))
        #expect(finished.result != nil && finished.error == nil)

        let rotated = try server.admin.rotateWebhookSecret(apiKey: "k")
        #expect(rotated.apiKey == "k" && rotated.secret.hasPrefix("whsec_") && rotated.secret != secret)
        #expect(
            try Admin.object(try Profiles.get(server, "/v1/phota/webhook-secret", key: "k").bodyText)["secret"]
                as? String == rotated.secret)
        #expect(try server.admin.clearInbox(name) == 1)
        #expect(try server.admin.inbox(name).isEmpty)
        #expect(try server.admin.metrics().contains("phota_mock_requests_total"))
    }
}
