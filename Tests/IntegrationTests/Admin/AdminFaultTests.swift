// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Foundation
import PhotaControl
import PhotaTestSupport
import Synchronization
import Testing

/// `/_mock/faults`: the rule list, `times`, per-key rules, every action, latency and seeded probability.
@Suite struct AdminFaultTests {
    let server: TestServer

    init() throws {
        self.server = try TestServer { $0.frozenClock = true }
    }

    @discardableResult
    private func addRule(_ body: String) throws -> String {
        try Admin.ok(self.server, "POST", "/_mock/faults", body: body)
    }

    private func ids(_ key: String) throws -> RawResponse {
        try Profiles.get(self.server, "/v1/phota/profiles/ids", key: key)
    }

    /// Sends one request on a new connection and reads until the server ends the connection.
    private func broken(_ method: String, _ target: String, key: String, body: String? = nil) throws -> ConnectionEnd {
        let client = try self.server.client()
        var text = "\(method) \(target) HTTP/1.1\r\nHost: x\r\nX-API-Key: \(key)\r\n"
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        client.send(text + "\r\n" + (body ?? ""))
        return client.readUntilClosed()
    }

    @Test func listAddRemoveAndRemoveAll() throws {
        defer { self.server.stop() }
        #expect(try Admin.ok(self.server, "GET", "/_mock/faults") == #"{"faults":[]}"#)
        let first =
            #"{"action":{"status":503,"type":"error"},"id":"fault-1","method":"GET","path":"/v1/phota/profiles/*/status","times":2}"#
        #expect(
            try self.addRule(
                #"{"method":"GET","path":"/v1/phota/profiles/*/status","times":2,"action":{"type":"error","status":503}}"#
            ) == first
        )
        let second =
            #"{"api_key":"k","id":"fault-2","latency":{"max_ms":500,"min_ms":50,"type":"uniform"},"probability":0.5,"seed":7}"#
        #expect(
            try self.addRule(
                #"{"api_key":"k","probability":0.5,"seed":7,"latency":{"type":"uniform","min_ms":50,"max_ms":500}}"#)
                == second)
        let third =
            #"{"action":{"bytes":20,"type":"truncate"},"id":"mine","latency":{"median_ms":100,"sigma":0.5,"type":"lognormal"}}"#
        #expect(
            try self.addRule(
                #"{"id":"mine","latency":{"type":"lognormal","median_ms":100,"sigma":0.5},"action":{"type":"truncate","bytes":20}}"#
            )
                == third
        )
        #expect(try Admin.ok(self.server, "GET", "/_mock/faults") == #"{"faults":[\#(first),\#(second),\#(third)]}"#)
        #expect(try Admin.ok(self.server, "DELETE", "/_mock/faults/fault-2") == #"{"removed":"fault-2"}"#)
        Profiles.expectError(
            try Admin.call(self.server, "DELETE", "/_mock/faults/fault-2"), status: 404, code: "NOT_FOUND",
            detail: "No fault rule fault-2.")
        #expect(try Admin.ok(self.server, "GET", "/_mock/faults") == #"{"faults":[\#(first),\#(third)]}"#)
        // Ids are not reused.
        #expect(try self.addRule(#"{"action":{"type":"reset"}}"#) == #"{"action":{"type":"reset"},"id":"fault-3"}"#)
        #expect(try Admin.ok(self.server, "DELETE", "/_mock/faults") == #"{"removed":3}"#)
        #expect(try Admin.ok(self.server, "GET", "/_mock/faults") == #"{"faults":[]}"#)
        #expect(try Admin.ok(self.server, "DELETE", "/_mock/faults") == #"{"removed":0}"#)
    }

    @Test func timesCountsDownAndRulesMatchByMethodPathAndKey() throws {
        defer { self.server.stop() }
        try self.addRule(
            #"{"api_key":"a","method":"GET","path":"/v1/phota/profiles/ids","times":2,"action":{"type":"error","status":429}}"#
        )
        // Other keys, methods and paths are untouched.
        #expect(try self.ids("b").status == 200)
        let id = try Profiles.add(self.server, key: "a")
        Profiles.expectStatus(try Admin.status(self.server, id, key: "a"), id: id, status: "VALIDATING")
        #expect(try Admin.ok(self.server, "GET", "/_mock/faults").contains(#""times":2"#))
        let limited = try self.ids("a")
        Profiles.expectError(limited, status: 429, code: "RATE_LIMITED", detail: "Too Many Requests")
        #expect(limited.header("Retry-After") == "1")
        #expect(try Admin.ok(self.server, "GET", "/_mock/faults").contains(#""times":1"#))
        Profiles.expectError(try self.ids("a"), status: 429, code: "RATE_LIMITED", detail: "Too Many Requests")
        #expect(try Admin.ok(self.server, "GET", "/_mock/faults") == #"{"faults":[]}"#)
        #expect(try self.ids("a").bodyText == #"{"profiles":["\#(id)"]}"#)
        // Admin calls are never faulted.
        try self.addRule(#"{"action":{"type":"error","status":500}}"#)
        #expect(try Admin.ok(self.server, "GET", "/_mock/health") == #"{"status":"ok"}"#)
    }

    @Test func errorActionsCarryThePhotaBodyAndRetryAfter() throws {
        defer { self.server.stop() }
        try self.addRule(#"{"api_key":"u","times":1,"action":{"type":"error","status":503}}"#)
        let unavailable = try self.ids("u")
        Profiles.expectError(unavailable, status: 503, code: "SERVICE_UNAVAILABLE", detail: "Service Unavailable")
        #expect(unavailable.header("Retry-After") == "1")

        try self.addRule(#"{"api_key":"r","times":1,"action":{"type":"error","status":429,"retry_after":30}}"#)
        let limited = try self.ids("r")
        Profiles.expectError(limited, status: 429, code: "RATE_LIMITED", detail: "Too Many Requests")
        #expect(limited.header("Retry-After") == "30")

        try self.addRule(
            #"{"api_key":"i","times":1,"action":{"type":"error","status":500,"code":"BOOM","detail":"It broke."}}"#)
        let failure = try self.ids("i")
        Profiles.expectError(failure, status: 500, code: "BOOM", detail: "It broke.")
        #expect(failure.header("Retry-After") == nil)

        // The request is not processed: no profile was made and no credit taken.
        try Admin.ok(self.server, "PUT", "/_mock/credits/n", body: #"{"balance":5}"#)
        try self.addRule(#"{"api_key":"n","times":1,"action":{"type":"error","status":502}}"#)
        let body = Profiles.addBody(urls: Profiles.urls(5), tier: "fast")
        let refused = try #require(
            try self.server.request(
                "POST", "/v1/phota/profiles/add", headers: [("X-API-Key", "n"), Profiles.json], body: body))
        Profiles.expectError(refused, status: 502, code: "INTERNAL_ERROR", detail: "Bad Gateway")
        #expect(try self.ids("n").bodyText == #"{"profiles":[]}"#)
        #expect(try Admin.ok(self.server, "GET", "/_mock/credits/n") == #"{"api_key":"n","balance":5}"#)
        // Injected errors are journaled like real ones.
        #expect(try Admin.ok(self.server, "GET", "/_mock/journal/count?status=502&api_key=n") == #"{"count":1}"#)
    }

    @Test func resetActionResetsTheConnectionAfterProcessing() throws {
        defer { self.server.stop() }
        try self.addRule(#"{"method":"POST","path":"/v1/phota/profiles/add","times":1,"action":{"type":"reset"}}"#)
        let end = try self.broken(
            "POST", "/v1/phota/profiles/add", key: "k", body: Profiles.addBody(urls: Profiles.urls(5), tier: "fast"))
        #expect(!end.timedOut)
        #expect(end.reset)
        #expect(end.bytes.isEmpty)
        // The profile was created; only the answer was lost.
        let listed = try Admin.object(try self.ids("k").bodyText)["profiles"] as? [String]
        #expect(listed?.count == 1)
    }

    @Test func emptyActionClosesWithoutAByte() throws {
        defer { self.server.stop() }
        try self.addRule(#"{"method":"POST","times":1,"action":{"type":"empty"}}"#)
        let end = try self.broken(
            "POST", "/v1/phota/profiles/add", key: "k", body: Profiles.addBody(urls: Profiles.urls(5), tier: "fast"))
        #expect(!end.timedOut)
        #expect(!end.reset)
        #expect(end.bytes.isEmpty)
        let listed = try Admin.object(try self.ids("k").bodyText)["profiles"] as? [String]
        #expect(listed?.count == 1)
    }

    @Test func truncateActionSendsFewerBytesThanPromisedThenCloses() throws {
        defer { self.server.stop() }
        let id = try Admin.create(self.server, #"{"api_key":"k","status":"READY"}"#)[0]
        let whole = try Profiles.get(self.server, "/v1/phota/profiles/\(id)/profile_picture", key: "k")
        #expect(whole.status == 200)
        try self.addRule(#"{"path":"/v1/phota/profiles/*/profile_picture","times":1,"action":{"type":"truncate"}}"#)
        let end = try self.broken("GET", "/v1/phota/profiles/\(id)/profile_picture", key: "k")
        #expect(!end.timedOut && !end.reset)
        let headEnd = try #require(String(decoding: end.bytes, as: UTF8.self).range(of: "\r\n\r\n"))
        let head = String(decoding: end.bytes, as: UTF8.self)[..<headEnd.lowerBound]
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(head.lowercased().contains("\r\nconnection: close"))
        let headLength = head.utf8.count + 4
        #expect(
            head.contains("Content-Length: \(whole.body.count)") || head.contains("content-length: \(whole.body.count)")
        )
        // Half of the encoded response by default: the body falls short of its Content-Length.
        #expect(end.bytes.count == (headLength + whole.body.count) / 2)
        #expect(end.bytes.count - headLength < whole.body.count)
        #expect(Array(end.bytes[headLength...]) == Array(whole.body.prefix(end.bytes.count - headLength)))

        // With a byte count, exactly that many bytes arrive.
        try self.addRule(#"{"path":"/v1/phota/profiles/ids","times":1,"action":{"type":"truncate","bytes":20}}"#)
        let cut = try self.broken("GET", "/v1/phota/profiles/ids", key: "k")
        #expect(!cut.timedOut && !cut.reset)
        #expect(cut.bytes.count == 20)
        #expect(String(decoding: cut.bytes, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK\r\n"))
    }

    @Test func fixedLatencyDelaysTheAnswerAtLeastThatLong() throws {
        defer { self.server.stop() }
        try self.addRule(#"{"path":"/v1/phota/profiles/ids","latency":{"type":"fixed","ms":200}}"#)
        for key in ["slow-1", "slow-2"] {
            let started = DispatchTime.now().uptimeNanoseconds
            let response = try self.ids(key)
            let elapsed = DispatchTime.now().uptimeNanoseconds - started
            #expect(response.bodyText == #"{"profiles":[]}"#)
            #expect(elapsed >= 200_000_000, "answered after \(elapsed) ns")
        }
        // Latency before an injected error, and before a deferred answer (add is answered after its write).
        try Admin.ok(self.server, "DELETE", "/_mock/faults")
        try self.addRule(#"{"api_key":"e","latency":{"type":"fixed","ms":200},"action":{"type":"error","status":503}}"#)
        try self.addRule(#"{"method":"POST","latency":{"type":"fixed","ms":200}}"#)
        var started = DispatchTime.now().uptimeNanoseconds
        Profiles.expectError(try self.ids("e"), status: 503, code: "SERVICE_UNAVAILABLE", detail: "Service Unavailable")
        #expect(DispatchTime.now().uptimeNanoseconds - started >= 200_000_000)
        started = DispatchTime.now().uptimeNanoseconds
        _ = try Profiles.add(self.server, key: "k")
        #expect(DispatchTime.now().uptimeNanoseconds - started >= 200_000_000)
    }

    /// `times` is exact under concurrency: 10 hits among 80 requests from four connections at once.
    @Test func timesIsExactUnderConcurrentRequests() throws {
        defer { self.server.stop() }
        try self.addRule(#"{"path":"/v1/phota/profiles/ids","times":10,"action":{"type":"error","status":503}}"#)
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            guard let client = try? self.server.client() else { return }
            // One keep-alive connection each: an injected 503 leaves the connection open like any answer.
            for _ in 0..<20 {
                client.send("GET /v1/phota/profiles/ids HTTP/1.1\r\nHost: x\r\nX-API-Key: c\(worker)\r\n\r\n")
                guard let response = client.readResponse() else { return }
                statuses.withLock { $0.append(response.status) }
            }
        }
        let seen = statuses.withLock { $0 }
        #expect(seen.count == 80)
        #expect(seen.filter { $0 == 503 }.count == 10)
        #expect(seen.filter { $0 == 200 }.count == 70)
        #expect(try Admin.ok(self.server, "GET", "/_mock/faults") == #"{"faults":[]}"#)
    }

    /// A log-normal tail is cut at the ten-minute cap, so a drawn delay is always a usable number.
    @Test func drawnLatencyStaysWithinTheCap() throws {
        defer { self.server.stop() }
        let injector = FaultInjector()
        _ = try injector.add(FaultRule(seed: 3, latency: .lognormal(medianMs: 600_000, sigma: 10)))
        let delays = (0..<200).compactMap { _ in
            injector.decide(method: "GET", path: "/v1/phota/profiles/ids", apiKey: nil)?.latencyMs
        }
        #expect(delays.count == 200)
        #expect(delays.allSatisfy { $0 >= 0 && $0 <= LatencyDistribution.maxMs })
        #expect(delays.contains(LatencyDistribution.maxMs))
        #expect(delays.contains { $0 < LatencyDistribution.maxMs })
        #expect(LatencyDistribution.clamped(.nan) == 0)
        #expect(LatencyDistribution.clamped(-1) == 0)
        #expect(LatencyDistribution.clamped(250) == 250)
        #expect(LatencyDistribution.clamped(.infinity) == LatencyDistribution.maxMs)
    }

    /// The same seed gives the same hit/miss sequence: 50 requests, reset, the same 50 again.
    @Test func seededProbabilityIsReproducible() throws {
        defer { self.server.stop() }
        let rule =
            #"{"api_key":"p","path":"/v1/phota/profiles/ids","probability":0.3,"seed":42,"action":{"type":"error","status":503}}"#
        var runs: [[Int]] = []
        for _ in 0..<2 {
            try Admin.ok(self.server, "POST", "/_mock/reset")
            try self.addRule(rule)
            runs.append(try (0..<50).map { _ in try self.ids("p").status })
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0].contains(503) && runs[0].contains(200))
        #expect(Set(runs[0]) == [200, 503])
        // And it is the rule's generator, SplitMix64 seeded with 42: a hit when the next draw is below 0.3.
        var state: UInt64 = 42
        let draws = (0..<50).map { _ -> Double in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
        }
        #expect(runs[0] == draws.map { $0 < 0.3 ? 503 : 200 })
    }
}
