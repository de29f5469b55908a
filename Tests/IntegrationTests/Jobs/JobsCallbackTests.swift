// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Job callbacks received by a test HTTP server: the signed body, its check by Python's `hmac`, retries on the
/// account's simulated clock (by a failing receiver or a `callback_url` fault rule) and the final states.
@Suite struct JobsCallbackTests {
    let epoch = Jobs.epoch

    /// Submits a generate posting to `receiver`, lets it finish after 2 simulated seconds; the job's id and
    /// final poll body.
    private func finishedJob(
        _ server: TestServer, callback: String, prompt: String = "a callback", status: String = "SUCCEEDED"
    ) throws -> (id: String, body: String) {
        let (id, _) = try Jobs.accepted(
            server, body: Jobs.body(prompt: prompt, extra: #","callback_url":"\#(callback)""#))
        try Admin.advance(server, ms: 2_000, key: "k")
        return (id, try Jobs.waitFor(server, id, status: status).bodyText)
    }

    /// Checks `callback` is the signed `POST` of attempt `attempt` announcing `event` with `job`, its
    /// signature recomputed by Python's `hmac` under `secret`.
    private func expectSigned(
        _ callback: CallbackReceiver.Received, secret: String, event: String, job: String, attempt: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(callback.method == "POST", sourceLocation: sourceLocation)
        #expect(callback.path == "/hooks/job", sourceLocation: sourceLocation)
        #expect(callback.header("content-type") == "application/json", sourceLocation: sourceLocation)
        #expect(callback.header("x-phota-event") == event, sourceLocation: sourceLocation)
        #expect(callback.header("x-phota-attempt") == String(attempt), sourceLocation: sourceLocation)
        #expect(callback.bodyText == #"{"event":"\#(event)","job":\#(job)}"#, sourceLocation: sourceLocation)
        let header = try #require(callback.header("x-phota-signature"), sourceLocation: sourceLocation)
        let (timestamp, code) = try Jobs.signatureParts(header)
        #expect(header == "t=\(timestamp),v1=\(code)", sourceLocation: sourceLocation)
        #expect(Int64(timestamp) != nil, sourceLocation: sourceLocation)
        #expect(
            try Jobs.pythonHMAC(secret: secret, timestamp: timestamp, body: callback.body) == code,
            "the signature is not Python's HMAC-SHA256 of <t>.<body>", sourceLocation: sourceLocation)
    }

    @Test func theCallbackIsTheSignedPollBody() throws {
        let receiver = try CallbackReceiver()
        defer { receiver.stop() }
        let server = try Jobs.server()
        defer { server.stop() }
        let secret = try Jobs.secret(server)
        // The secret is made once: asked again, it is the same.
        #expect(try Jobs.secret(server) == secret)
        #expect(try Jobs.secret(server, key: "other") != secret)
        let before = Int64(Date().timeIntervalSince1970)
        let (id, job) = try self.finishedJob(server, callback: receiver.url())

        let received = receiver.waitFor(1)
        try #require(received.count == 1, "callbacks: \(received.count)")
        let callback = received[0]
        let after = Int64(Date().timeIntervalSince1970.rounded(.up))
        try self.expectSigned(callback, secret: secret, event: "job.succeeded", job: job, attempt: 1)
        // `t` is wall-clock time (not the simulated clock), taken while the test ran.
        let timestamp = try #require(Int64(try Jobs.signatureParts(callback.header("x-phota-signature") ?? "").0))
        #expect(timestamp >= before && timestamp <= after)
        // Another secret gives another code: the check above is not trivially true.
        #expect(
            try Jobs.pythonHMAC(
                secret: "whsec_" + String(repeating: "0", count: 64), timestamp: "\(timestamp)", body: callback.body)
                != (try Jobs.signatureParts(callback.header("x-phota-signature") ?? "").1))

        let delivery = try Jobs.waitForDelivery(server, jobID: id, attempts: 1, state: "DELIVERED")
        let deliveryID = try #require(delivery["delivery_id"] as? String)
        #expect(callback.header("x-phota-delivery") == deliveryID)
        #expect(delivery["job_id"] as? String == id)
        #expect(delivery["api_key"] as? String == "k")
        #expect(delivery["url"] as? String == receiver.url())
        #expect(delivery["event"] as? String == "job.succeeded")
        #expect(delivery["next_attempt_at"] is NSNull)
        let attempts = try #require(delivery["attempts"] as? [[String: Any]])
        #expect(Admin.int(attempts.first?["attempt"]) == 1)
        #expect(Admin.int(attempts.first?["status"]) == 200)
        #expect(attempts.first?["error"] is NSNull)
        #expect(attempts.first?["signature"] as? String == callback.header("x-phota-signature"))
        // One delivery per job: nothing more arrives.
        #expect(receiver.received.count == 1)
    }

    @Test func aFailedJobsCallbackAnnouncesJobFailed() throws {
        let receiver = try CallbackReceiver()
        defer { receiver.stop() }
        let server = try Jobs.server()
        defer { server.stop() }
        let secret = try Jobs.secret(server)
        let (id, job) = try self.finishedJob(
            server, callback: receiver.url(), prompt: "phota-fail-render", status: "FAILED")
        let received = receiver.waitFor(1)
        try #require(received.count == 1)
        try self.expectSigned(received[0], secret: secret, event: "job.failed", job: job, attempt: 1)
        let delivery = try Jobs.waitForDelivery(server, jobID: id, attempts: 1, state: "DELIVERED")
        #expect(delivery["event"] as? String == "job.failed")
    }

    @Test func twoFailedAttemptsAreRetriedAfterOneAndTwoSimulatedSeconds() throws {
        let receiver = try CallbackReceiver(plan: [500, 500])
        defer { receiver.stop() }
        let server = try Jobs.server()
        defer { server.stop() }
        let secret = try Jobs.secret(server)
        let (id, job) = try self.finishedJob(server, callback: receiver.url())
        let finished = self.epoch + 2_000

        #expect(receiver.waitFor(1).count == 1)
        var delivery = try Jobs.waitForDelivery(server, jobID: id, attempts: 1, state: "PENDING")
        #expect(delivery["next_attempt_at"] as? String == Jobs.iso(finished + 1_000))
        // Not before the second has passed.
        try Admin.advance(server, ms: 999, key: "k")
        #expect(Self.attempts(try Jobs.deliveries(server, jobID: id)).count == 1)
        try Admin.advance(server, ms: 1, key: "k")
        #expect(receiver.waitFor(2).count == 2)
        delivery = try Jobs.waitForDelivery(server, jobID: id, attempts: 2, state: "PENDING")
        #expect(delivery["next_attempt_at"] as? String == Jobs.iso(finished + 1_000 + 2_000))
        try Admin.advance(server, ms: 1_999, key: "k")
        #expect(Self.attempts(try Jobs.deliveries(server, jobID: id)).count == 2)
        try Admin.advance(server, ms: 1, key: "k")

        let received = receiver.waitFor(3)
        try #require(received.count == 3)
        delivery = try Jobs.waitForDelivery(server, jobID: id, attempts: 3, state: "DELIVERED")
        #expect(delivery["next_attempt_at"] is NSNull)
        let attempts = try #require(delivery["attempts"] as? [[String: Any]])
        #expect(attempts.map { Admin.int($0["attempt"]) } == [1, 2, 3])
        #expect(attempts.map { Admin.int($0["status"]) } == [500, 500, 200])
        for (index, callback) in received.enumerated() {
            try self.expectSigned(callback, secret: secret, event: "job.succeeded", job: job, attempt: index + 1)
            #expect(callback.header("x-phota-delivery") == delivery["delivery_id"] as? String)
            #expect(attempts[index]["signature"] as? String == callback.header("x-phota-signature"))
        }
        #expect(receiver.received.count == 3)
    }

    @Test func aCallbackFaultRuleFailsTheFirstTwoAttemptsWithoutSendingThem() throws {
        let receiver = try CallbackReceiver()
        defer { receiver.stop() }
        let server = try Jobs.server()
        defer { server.stop() }
        let secret = try Jobs.secret(server)
        try Studio.admin(
            server, "POST", "/_mock/faults",
            body: #"{"callback_url":"\#(receiver.url("/"))","times":2,"action":{"type":"error","status":503}}"#)
        let (id, job) = try self.finishedJob(server, callback: receiver.url())

        _ = try Jobs.waitForDelivery(server, jobID: id, attempts: 1, state: "PENDING")
        try Admin.advance(server, ms: 1_000, key: "k")
        _ = try Jobs.waitForDelivery(server, jobID: id, attempts: 2, state: "PENDING")
        #expect(receiver.received.isEmpty)
        try Admin.advance(server, ms: 2_000, key: "k")
        let delivery = try Jobs.waitForDelivery(server, jobID: id, attempts: 3, state: "DELIVERED")
        let attempts = try #require(delivery["attempts"] as? [[String: Any]])
        #expect(attempts.map { Admin.int($0["status"]) } == [503, 503, 200])
        // Only the third attempt reached the receiver, numbered as such.
        let received = receiver.waitFor(1)
        try #require(received.count == 1)
        try self.expectSigned(received[0], secret: secret, event: "job.succeeded", job: job, attempt: 3)
    }

    @Test func aReceiverThatAlwaysFailsEndsFailedAfterSixAttempts() throws {
        let receiver = try CallbackReceiver(otherwise: 500)
        defer { receiver.stop() }
        let server = try Jobs.server()
        defer { server.stop() }
        let (id, _) = try self.finishedJob(server, callback: receiver.url())
        var due = self.epoch + 2_000
        _ = try Jobs.waitForDelivery(server, jobID: id, attempts: 1, state: "PENDING")
        for (index, delay) in [Int64(1_000), 2_000, 4_000, 8_000, 16_000].enumerated() {
            due += delay
            let pending = try Jobs.deliveries(server, jobID: id).first
            #expect(pending?["next_attempt_at"] as? String == Jobs.iso(due), "before attempt \(index + 2)")
            try Admin.advance(server, ms: delay, key: "k")
            _ = try Jobs.waitForDelivery(
                server, jobID: id, attempts: index + 2, state: index == 4 ? "FAILED" : "PENDING")
        }
        let delivery = try #require(try Jobs.deliveries(server, jobID: id).first)
        #expect(delivery["state"] as? String == "FAILED")
        #expect(delivery["next_attempt_at"] is NSNull)
        #expect(Self.attempts([delivery]).map { Admin.int($0["status"]) } == Array(repeating: 500, count: 6))
        #expect(receiver.waitFor(6).map { $0.header("x-phota-attempt") } == ["1", "2", "3", "4", "5", "6"])
        // No seventh attempt, however long the clock runs.
        try Admin.advance(server, ms: 3_600_000, key: "k")
        #expect(Self.attempts(try Jobs.deliveries(server, jobID: id)).count == 6)
    }

    @Test func aRefusedConnectionIsAFailedAttempt() throws {
        // A port that was just listening and is now closed.
        let closed = try CallbackReceiver()
        let url = closed.url()
        closed.stop()
        let server = try Jobs.server()
        defer { server.stop() }
        let (id, _) = try self.finishedJob(server, callback: url)
        let delivery = try Jobs.waitForDelivery(server, jobID: id, attempts: 1, state: "PENDING")
        let attempt = try #require(Self.attempts([delivery]).first)
        #expect(attempt["status"] is NSNull)
        #expect((attempt["error"] as? String)?.isEmpty == false)
        #expect(delivery["next_attempt_at"] as? String == Jobs.iso(self.epoch + 3_000))
    }

    /// The attempts of the first delivery.
    static func attempts(_ deliveries: [[String: Any]]) -> [[String: Any]] {
        deliveries.first?["attempts"] as? [[String: Any]] ?? []
    }
}
