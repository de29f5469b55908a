// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaApp
import PhotaHTTP
import PhotaTestSupport
import Testing

/// Submits, polls and exact job bodies shared by the async job tests.
enum Jobs {
    /// The instant every test moves the frozen clock to, so job times are exact.
    static let epoch = Admin.epoch

    /// A live server with a frozen clock at `epoch`, studio calls taking `studioSeconds` of simulated time, and
    /// `configure` applied after.
    static func server(
        studioSeconds: Double = 2, slots: Int = 4, _ configure: (inout AppConfig) -> Void = { _ in }
    ) throws -> TestServer {
        let server = try TestServer { config in
            config.frozenClock = true
            config.studioSeconds = studioSeconds
            config.jobSlots = slots
            configure(&config)
        }
        try Admin.freezeAtEpoch(server)
        return server
    }

    /// ISO 8601 of a simulated instant, as jobs show it.
    static func iso(_ milliseconds: Int64) -> String {
        ISOTimestamp.format(milliseconds: milliseconds)
    }

    /// An async urls-mode body: `prompt`, then `extra` members (each starting with a comma).
    static func body(prompt: String = "a lighthouse", extra: String = "") -> String {
        #"{"prompt":\#(Studio.quote(prompt)),"async":true,"response_mode":"urls"\#(extra)}"#
    }

    /// `POST /v1/phota/<endpoint>` as `key`.
    static func submit(
        _ server: TestServer, _ endpoint: String = "generate", key: String = "k", body: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RawResponse {
        try Studio.post(server, endpoint, key: key, body: body, sourceLocation: sourceLocation)
    }

    /// Submits and requires a `202` with a job; returns the job's id and the response.
    static func accepted(
        _ server: TestServer, _ endpoint: String = "generate", key: String = "k", body: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (id: String, response: RawResponse) {
        let response = try self.submit(server, endpoint, key: key, body: body, sourceLocation: sourceLocation)
        #expect(response.status == 202, "\(response.bodyText.prefix(300))", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        let id = try #require(
            try self.object(response.bodyText)["job_id"] as? String, "\(response.bodyText)",
            sourceLocation: sourceLocation)
        return (id, response)
    }

    /// `GET /v1/phota/jobs/<id>` as `key`.
    static func poll(
        _ server: TestServer, _ id: String, key: String = "k", sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RawResponse {
        try Studio.send(
            server, "GET", "/v1/phota/jobs/\(id)", headers: [("X-API-Key", key)], sourceLocation: sourceLocation)
    }

    /// Polls (at most `seconds`, every 10 ms) until the job has `status`; returns the last poll.
    static func waitFor(
        _ server: TestServer, _ id: String, key: String = "k", status: String, seconds: Double = 10,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RawResponse {
        let deadline = Date().addingTimeInterval(seconds)
        var last: RawResponse
        repeat {
            last = try self.poll(server, id, key: key, sourceLocation: sourceLocation)
            if last.status == 200, try self.object(last.bodyText)["status"] as? String == status { return last }
            Thread.sleep(forTimeInterval: 0.01)
        } while Date() < deadline
        Issue.record(
            "job \(id) never reached \(status): \(last.status) \(last.bodyText.prefix(300))",
            sourceLocation: sourceLocation)
        return last
    }

    /// Repeats `check` (at most `seconds`, every 10 ms) until it is true; false when it never was.
    static func eventually(seconds: Double = 10, _ check: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if try check() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        } while Date() < deadline
        return false
    }

    /// A JSON object body.
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// The exact job body the API shows; `result` and `error` as JSON text (`null` when nil).
    static func job(
        id: String, status: String, endpoint: String = "generate", host: String = "127.0.0.1",
        clientRequestID: String? = nil, createdAt: Int64, startedAt: Int64?, finishedAt: Int64?,
        result: String? = nil, error: String? = nil
    ) -> String {
        let time = { (value: Int64?) in value.map { "\"\(Self.iso($0))\"" } ?? "null" }
        return #"{"job_id":"\#(id)","status":"\#(status)","endpoint":"\#(endpoint)","#
            + #""poll_url":"http://\#(host)/v1/phota/jobs/\#(id)","client_request_id":\#(Studio.quote(clientRequestID)),"#
            + #""created_at":\#(time(createdAt)),"started_at":\#(time(startedAt)),"finished_at":\#(time(finishedAt)),"#
            + #""result":\#(result ?? "null"),"error":\#(error ?? "null")}"#
    }

    /// The synchronous urls-mode answer with these links and no identities.
    static func urlsResult(_ urls: [String]) -> String {
        #"{"known_subjects":{"counts":{}},"images":[],"download_urls":["#
            + urls.map { Studio.quote($0) }.joined(separator: ",") + "]}"
    }

    /// The `download_urls` of a finished job's body.
    static func downloadURLs(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let result = try #require(
            try self.object(body)["result"] as? [String: Any], "no result: \(body)", sourceLocation: sourceLocation)
        return try #require(result["download_urls"] as? [String], sourceLocation: sourceLocation)
    }

    /// Fetches a download link without a key and decodes it with Pillow.
    static func download(
        _ server: TestServer, _ url: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> PillowProbe.Info {
        let link = try Studio.Link(url)
        let response = try Studio.send(server, "GET", link.target, sourceLocation: sourceLocation)
        #expect(response.status == 200, "\(response.bodyText.prefix(200))", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "image/png", sourceLocation: sourceLocation)
        return try PillowProbe.probe(response.body, sourceLocation: sourceLocation)
    }

    /// The balance in micro-dollars from `GET /_mock/credits/<key>` (nil for unlimited).
    static func micros(_ server: TestServer, key: String = "k") throws -> Int64? {
        try StudioBillingAndTimeTests.micros(server, key: key)
    }

    /// The webhook secret the API gives `key`, checked to be announced as HMAC-SHA256 in `X-Phota-Signature`.
    static func secret(
        _ server: TestServer, key: String = "k", sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let response = try Studio.send(
            server, "GET", "/v1/phota/webhook-secret", headers: [("X-API-Key", key)], sourceLocation: sourceLocation)
        #expect(response.status == 200, "\(response.bodyText)", sourceLocation: sourceLocation)
        let object = try self.object(response.bodyText)
        let secret = try #require(object["secret"] as? String, sourceLocation: sourceLocation)
        #expect(
            response.bodyText == #"{"secret":"\#(secret)","algorithm":"HMAC-SHA256","header":"X-Phota-Signature"}"#,
            sourceLocation: sourceLocation)
        #expect(secret.hasPrefix("whsec_"), sourceLocation: sourceLocation)
        return secret
    }

    /// The deliveries `/_mock/callbacks` lists for one job.
    static func deliveries(_ server: TestServer, jobID: String) throws -> [[String: Any]] {
        let text = try Studio.admin(server, "GET", "/_mock/callbacks?job_id=\(jobID)")
        return try #require(try self.object(text)["deliveries"] as? [[String: Any]], "\(text)")
    }

    /// Waits until the job's one delivery has `attempts` attempts recorded (and `state`, when given).
    static func waitForDelivery(
        _ server: TestServer, jobID: String, attempts: Int, state: String? = nil, seconds: Double = 10,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String: Any] {
        var last: [[String: Any]] = []
        let reached = try self.eventually(seconds: seconds) {
            last = try self.deliveries(server, jobID: jobID)
            guard last.count == 1, let recorded = last[0]["attempts"] as? [[String: Any]] else { return false }
            return recorded.count == attempts && (state == nil || last[0]["state"] as? String == state)
        }
        #expect(
            reached, "delivery of \(jobID) never had \(attempts) attempts (\(state ?? "any state")): \(last)",
            sourceLocation: sourceLocation)
        return try #require(last.first, sourceLocation: sourceLocation)
    }

    /// The lowercase hex HMAC-SHA256 Python's `hmac` computes of `<timestamp>.<body>` under `secret`.
    static func pythonHMAC(secret: String, timestamp: String, body: [UInt8]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import hmac, hashlib, sys; "
                + "message = sys.argv[2].encode() + b'.' + sys.stdin.buffer.read(); "
                + "print(hmac.new(sys.argv[1].encode(), message, hashlib.sha256).hexdigest())",
            secret, timestamp,
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(body))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Splits `t=<unix s>,v1=<hex>`.
    static func signatureParts(_ header: String) throws -> (timestamp: String, code: String) {
        var parts: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { parts[pair[0]] = pair[1] }
        }
        return (try #require(parts["t"], "\(header)"), try #require(parts["v1"], "\(header)"))
    }
}
