// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// The mock's own callback receiver, `/_mock/inbox/{name}`: it records a job's callback with its signature
/// checked, and after a secret rotation an old or forged signature shows `signature_valid: false`.
@Suite struct JobsInboxTests {
    /// The callbacks an inbox holds.
    static func callbacks(_ server: TestServer, _ name: String) throws -> [[String: Any]] {
        let object = try Jobs.object(try Studio.admin(server, "GET", "/_mock/inbox/\(name)"))
        #expect(object["name"] as? String == name)
        return try #require(object["callbacks"] as? [[String: Any]])
    }

    /// Posts `body` to the inbox with `signature`, as a receiver would get it.
    static func post(_ server: TestServer, _ name: String, body: String, signature: String) throws {
        let response = try Studio.send(
            server, "POST", "/_mock/inbox/\(name)",
            headers: [Studio.json, ("X-Phota-Signature", signature), ("X-Phota-Event", "job.succeeded")], body: body)
        #expect(response.status == 200)
        #expect(response.bodyText == #"{"received":true}"#)
    }

    @Test func theInboxChecksSignaturesAndARotatedSecretInvalidatesOldOnes() throws {
        let server = try Jobs.server()
        defer { server.stop() }
        let name = "box-\(UUID().uuidString.prefix(8))"
        let secret = try Jobs.secret(server)
        let callback = "http://127.0.0.1:\(server.port)/_mock/inbox/\(name)"
        let (id, _) = try Jobs.accepted(server, body: Jobs.body(extra: #","callback_url":"\#(callback)""#))
        try Admin.advance(server, ms: 2_000, key: "k")
        let job = try Jobs.waitFor(server, id, status: "SUCCEEDED").bodyText
        let expectedBody = #"{"event":"job.succeeded","job":\#(job)}"#

        var entries: [[String: Any]] = []
        #expect(
            try Jobs.eventually {
                entries = try Self.callbacks(server, name)
                return entries.count == 1
            })
        let entry = try #require(entries.first)
        #expect(entry["job_id"] as? String == id)
        #expect(entry["signature_valid"] as? Bool == true)
        let headers = try #require(entry["headers"] as? [String: String])
        #expect(headers["x-phota-event"] == "job.succeeded")
        #expect(headers["x-phota-attempt"] == "1")
        #expect(headers["content-type"] == "application/json")
        let signature = try #require(headers["x-phota-signature"])
        // The body kept is the body sent: the inbox embeds it as received.
        let inboxText = try Studio.admin(server, "GET", "/_mock/inbox/\(name)")
        #expect(inboxText.contains(#","body":\#(expectedBody)}"#))
        let (timestamp, code) = try Jobs.signatureParts(signature)
        #expect(try Jobs.pythonHMAC(secret: secret, timestamp: timestamp, body: Array(expectedBody.utf8)) == code)
        let delivery = try Jobs.waitForDelivery(server, jobID: id, attempts: 1, state: "DELIVERED")
        #expect(JobsCallbackTests.attempts([delivery]).first.map { Admin.int($0["status"]) } == 200)

        // The same callback posted again with its signature is still valid; a forged one is not.
        try Self.post(server, name, body: expectedBody, signature: signature)
        try Self.post(
            server, name, body: expectedBody, signature: "t=\(timestamp),v1=" + String(repeating: "0", count: 64))
        try Self.post(server, name, body: expectedBody + " ", signature: signature)

        // Rotated: a new secret, given by the API from now on; the old signature no longer checks.
        let rotated = try Jobs.object(try Studio.admin(server, "POST", "/_mock/webhook-secret/k/rotate"))
        let newSecret = try #require(rotated["secret"] as? String)
        #expect(rotated["api_key"] as? String == "k")
        #expect(newSecret != secret && newSecret.hasPrefix("whsec_") && newSecret.utf8.count == 6 + 64)
        #expect(try Jobs.secret(server) == newSecret)
        try Self.post(server, name, body: expectedBody, signature: signature)
        let fresh = try Jobs.pythonHMAC(secret: newSecret, timestamp: timestamp, body: Array(expectedBody.utf8))
        try Self.post(server, name, body: expectedBody, signature: "t=\(timestamp),v1=\(fresh)")

        entries = try Self.callbacks(server, name)
        #expect(entries.map { $0["signature_valid"] as? Bool } == [true, true, false, false, false, true])
        #expect(entries.map { $0["job_id"] as? String } == Array(repeating: id, count: 6))
        #expect(try Studio.admin(server, "DELETE", "/_mock/inbox/\(name)") == #"{"cleared":6}"#)
        #expect(try Self.callbacks(server, name).isEmpty)
    }

    @Test func aCallbackAfterRotationIsSignedWithTheNewSecret() throws {
        let server = try Jobs.server()
        defer { server.stop() }
        let name = "box-\(UUID().uuidString.prefix(8))"
        let old = try Jobs.secret(server)
        let rotated = try Jobs.object(try Studio.admin(server, "POST", "/_mock/webhook-secret/k/rotate"))
        let secret = try #require(rotated["secret"] as? String)
        #expect(secret != old)
        let callback = "http://127.0.0.1:\(server.port)/_mock/inbox/\(name)"
        let (id, _) = try Jobs.accepted(server, body: Jobs.body(extra: #","callback_url":"\#(callback)""#))
        try Admin.advance(server, ms: 2_000, key: "k")
        let job = try Jobs.waitFor(server, id, status: "SUCCEEDED").bodyText
        var entries: [[String: Any]] = []
        #expect(
            try Jobs.eventually {
                entries = try Self.callbacks(server, name)
                return entries.count == 1
            })
        #expect(entries.first?["signature_valid"] as? Bool == true)
        let signature = try #require((entries.first?["headers"] as? [String: String])?["x-phota-signature"])
        let (timestamp, code) = try Jobs.signatureParts(signature)
        let body = Array(#"{"event":"job.succeeded","job":\#(job)}"#.utf8)
        #expect(try Jobs.pythonHMAC(secret: secret, timestamp: timestamp, body: body) == code)
        #expect(try Jobs.pythonHMAC(secret: old, timestamp: timestamp, body: body) != code)
    }
}
