// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaTestSupport
import Testing

/// Jobs through the real executable on a file database: a job running when the process is killed with
/// `SIGKILL` is still running after a restart, finishes by the clock, and its download and callback work; the
/// webhook secret is the one from before.
@Suite(.serialized) struct JobsRestartTests {
    static let key = "durable"

    private func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("phota-jobs-\(UUID().uuidString)/db.sqlite3")
            .path
    }

    /// The server's arguments: the database, a frozen clock and studio calls of `studioSeconds`. The studio time
    /// is long because a frozen clock restarts at the wall time of the new process: it must not pass while the
    /// process restarts.
    private func arguments(_ database: String, studioSeconds: Int = 600) -> [String] {
        ["--db", database, "--frozen-clock", "--studio-time", "\(studioSeconds)", "--log-level", "error"]
    }

    private func send(
        _ port: UInt16, _ method: String, _ target: String, body: String? = nil, key: String? = JobsRestartTests.key,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RawResponse {
        let client = try RawClient(port: port, timeoutSeconds: 30)
        var headers: [(String, String)] = key.map { [("X-API-Key", $0)] } ?? []
        if body != nil { headers.append(Studio.json) }
        client.send(Studio.requestText(method, target, headers: headers, body: body))
        return try #require(client.readResponse(), "no response to \(method) \(target)", sourceLocation: sourceLocation)
    }

    private func poll(_ port: UInt16, _ id: String) throws -> (response: RawResponse, object: [String: Any]) {
        let response = try self.send(port, "GET", "/v1/phota/jobs/\(id)")
        #expect(response.status == 200, "\(response.bodyText)")
        return (response, try Jobs.object(response.bodyText))
    }

    private func waitFor(_ port: UInt16, _ id: String, status: String) throws -> RawResponse {
        var last: RawResponse?
        let reached = try Jobs.eventually {
            let polled = try self.poll(port, id)
            last = polled.response
            return polled.object["status"] as? String == status
        }
        #expect(reached, "job \(id) never reached \(status): \(last?.bodyText ?? "")")
        return try #require(last)
    }

    private func secret(_ port: UInt16) throws -> String {
        let response = try self.send(port, "GET", "/v1/phota/webhook-secret")
        #expect(response.status == 200)
        return try #require(try Jobs.object(response.bodyText)["secret"] as? String)
    }

    private func advance(_ port: UInt16, ms: Int64) throws {
        let response = try self.send(
            port, "POST", "/_mock/clock/advance", body: #"{"milliseconds":\#(ms),"api_key":"\#(Self.key)"}"#,
            key: nil)
        #expect(response.status == 200, "\(response.bodyText)")
    }

    @Test func aRunningJobSurvivesKill9AndFinishesAfterTheRestart() throws {
        let receiver = try CallbackReceiver()
        defer { receiver.stop() }
        let database = self.temporaryDatabase()
        let first = try ProcessServer(arguments: self.arguments(database))
        let secret = try self.secret(first.port)
        let submit = try self.send(
            first.port, "POST", "/v1/phota/generate",
            body: Jobs.body(prompt: "durable", extra: #","callback_url":"\#(receiver.url())""#))
        #expect(submit.status == 202, "\(submit.bodyText)")
        let submitted = try Jobs.object(submit.bodyText)
        let id = try #require(submitted["job_id"] as? String)
        #expect(submitted["status"] as? String == "RUNNING")
        let createdAt = try #require(submitted["created_at"] as? String)
        #expect(try self.poll(first.port, id).object["status"] as? String == "RUNNING")
        #expect(first.stop(signal: SIGKILL) == SIGKILL)

        let second = try ProcessServer(arguments: self.arguments(database))
        defer { second.stop(signal: SIGTERM) }
        // Still running, with the times it had.
        let resumed = try self.poll(second.port, id).object
        #expect(resumed["status"] as? String == "RUNNING")
        #expect(resumed["created_at"] as? String == createdAt)
        #expect(resumed["started_at"] as? String == createdAt)
        #expect(resumed["finished_at"] is NSNull)
        // The webhook secret is the stored one.
        #expect(try self.secret(second.port) == secret)
        #expect(receiver.received.isEmpty)

        try self.advance(second.port, ms: 600_000)
        let done = try self.waitFor(second.port, id, status: "SUCCEEDED")
        let object = try Jobs.object(done.bodyText)
        #expect(object["created_at"] as? String == createdAt)
        #expect(object["started_at"] as? String == createdAt)
        #expect(object["error"] is NSNull)
        let urls = try Jobs.downloadURLs(done.bodyText)
        #expect(urls.count == 1)
        #expect(done.bodyText.hasSuffix(#","result":\#(Jobs.urlsResult(urls)),"error":null}"#))

        // The link made after the restart downloads without a key, and Pillow decodes it.
        let link = try Studio.Link(try #require(urls.first))
        let image = try self.send(second.port, "GET", link.target, key: nil)
        #expect(image.status == 200)
        #expect(image.header("Content-Type") == "image/png")
        let info = try PillowProbe.probe(image.body)
        #expect(info.format == "PNG")
        #expect(info.width == 256 && info.height == 256)

        // The callback comes from the new process, signed with the secret from before the restart.
        let received = receiver.waitFor(1)
        try #require(received.count == 1)
        #expect(received[0].bodyText == #"{"event":"job.succeeded","job":\#(done.bodyText)}"#)
        let (timestamp, code) = try Jobs.signatureParts(received[0].header("x-phota-signature") ?? "")
        #expect(try Jobs.pythonHMAC(secret: secret, timestamp: timestamp, body: received[0].body) == code)
    }

    @Test func aPendingCallbackRetryResumesAfterARestart() throws {
        let receiver = try CallbackReceiver(plan: [500])
        defer { receiver.stop() }
        let database = self.temporaryDatabase()
        let first = try ProcessServer(arguments: self.arguments(database, studioSeconds: 2))
        let submit = try self.send(
            first.port, "POST", "/v1/phota/generate",
            body: Jobs.body(prompt: "retried", extra: #","callback_url":"\#(receiver.url())""#))
        #expect(submit.status == 202, "\(submit.bodyText)")
        let id = try #require(try Jobs.object(submit.bodyText)["job_id"] as? String)
        try self.advance(first.port, ms: 2_000)
        let done = try self.waitFor(first.port, id, status: "SUCCEEDED")
        #expect(receiver.waitFor(1).count == 1)
        // The failed first attempt is recorded before the process dies.
        #expect(
            try Jobs.eventually {
                let text = try self.send(first.port, "GET", "/_mock/callbacks?job_id=\(id)", key: nil).bodyText
                return text.contains(#""attempt":1"#) && text.contains(#""state":"PENDING""#)
            })
        #expect(first.stop(signal: SIGKILL) == SIGKILL)

        let second = try ProcessServer(arguments: self.arguments(database, studioSeconds: 2))
        defer { second.stop(signal: SIGTERM) }
        // The restarted clock is frozen at the new process's wall time, without the 2 s the account was moved
        // before: moving it 10 s passes the retry's due time (2 s + 1 s after the first process froze) whatever
        // the restart took.
        try self.advance(second.port, ms: 10_000)
        let received = receiver.waitFor(2)
        try #require(received.count == 2)
        #expect(received[1].header("x-phota-attempt") == "2")
        #expect(received[1].header("x-phota-delivery") == received[0].header("x-phota-delivery"))
        #expect(received[1].bodyText == #"{"event":"job.succeeded","job":\#(done.bodyText)}"#)
        var state: String?
        #expect(
            try Jobs.eventually {
                let text = try self.send(second.port, "GET", "/_mock/callbacks?job_id=\(id)", key: nil).bodyText
                let deliveries = try Jobs.object(text)["deliveries"] as? [[String: Any]]
                state = deliveries?.first?["state"] as? String
                return state == "DELIVERED"
            }, "state: \(state ?? "none")")
    }
}
