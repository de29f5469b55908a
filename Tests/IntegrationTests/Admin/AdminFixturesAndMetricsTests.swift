// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Scenarios posted to `/_mock/fixtures` or loaded at start, and `/_mock/metrics`.
@Suite struct AdminFixturesAndMetricsTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures/scenarios")

    static func scenario(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: self.scenarios.appendingPathComponent(name)), as: UTF8.self)
    }

    private static func quoted(_ ids: [String]) -> String {
        #"{"profiles":["# + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]}"
    }

    @Test func postedScenarioCreatesAccountsAndProfiles() throws {
        let server = try TestServer { $0.frozenClock = true }
        defer { server.stop() }
        #expect(
            try Admin.ok(server, "POST", "/_mock/fixtures", body: try Self.scenario("team-with-ready-profiles.json"))
                == #"{"loaded":{"accounts":2,"faults":0,"profiles":5}}"#
        )
        #expect(try Admin.ok(server, "GET", "/_mock/credits/team-a") == #"{"api_key":"team-a","balance":20}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/credits/team-broke") == #"{"api_key":"team-broke","balance":1}"#)
        let alice = try #require(
            try Admin.object(try Profiles.get(server, "/v1/phota/profiles/ids?tag=alice", key: "team-a").bodyText)[
                "profiles"] as? [String])
        #expect(alice.count == 3)
        for id in alice {
            Profiles.expectStatus(try Admin.status(server, id, key: "team-a"), id: id, status: "READY")
            #expect(try Admin.detail(server, id)["training_tier"] as? String == "standard")
        }
        let bob = try #require(
            try Admin.object(try Profiles.get(server, "/v1/phota/profiles/ids?tag=bob", key: "team-a").bodyText)[
                "profiles"] as? [String])
        Profiles.expectStatus(try Admin.status(server, bob[0], key: "team-a"), id: bob[0], status: "IN_PROGRESS")
        let carol = try #require(
            try Admin.object(try Profiles.get(server, "/v1/phota/profiles/ids?tag=carol", key: "team-a").bodyText)[
                "profiles"] as? [String])
        Profiles.expectStatus(
            try Admin.status(server, carol[0], key: "team-a"), id: carol[0], status: "ERROR",
            message: "No subject detected in https://example.com/carol/1.jpg"
        )
        let body = Profiles.addBody(urls: Profiles.urls(5), tier: "fast")
        let refused = try #require(
            try server.request(
                "POST", "/v1/phota/profiles/add", headers: [("X-API-Key", "team-broke"), Profiles.json], body: body))
        Profiles.expectError(
            refused, status: 402, code: "INSUFFICIENT_CREDIT", detail: "Insufficient prepaid credit balance.")
        _ = try Profiles.add(server, key: "team-a")
        #expect(try Admin.ok(server, "GET", "/_mock/credits/team-a") == #"{"api_key":"team-a","balance":18.51}"#)
        // A scenario with a fault rule.
        #expect(
            try Admin.ok(server, "POST", "/_mock/fixtures", body: try Self.scenario("rate-limited-account.json"))
                == #"{"loaded":{"accounts":1,"faults":1,"profiles":0}}"#
        )
        #expect(
            try Admin.ok(server, "GET", "/_mock/faults")
                == #"{"faults":[{"action":{"retry_after":5,"status":429,"type":"error"},"#
                + #""api_key":"throttled","id":"fault-1","path":"/v1/phota/**","times":3}]}"#
        )
        let limited = try Profiles.get(server, "/v1/phota/profiles/ids", key: "throttled")
        Profiles.expectError(limited, status: 429, code: "RATE_LIMITED", detail: "Too Many Requests")
        #expect(limited.header("Retry-After") == "5")
        #expect(try Profiles.get(server, "/v1/phota/profiles/ids", key: "team-a").status == 200)
    }

    @Test func scenarioDirectoryIsLoadedAtStartInNameOrder() throws {
        let server = try TestServer {
            $0.frozenClock = true
            $0.fixturesPath = Self.scenarios.path
        }
        defer { server.stop() }
        let rules = try #require(
            try Admin.object(try Admin.ok(server, "GET", "/_mock/faults"))["faults"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["fault-1", "fault-2", "fault-3"])
        #expect(
            rules.map { $0["path"] as? String } == [
                "/v1/phota/profiles/*/status", "/v1/phota/profiles/add", "/v1/phota/**",
            ])
        #expect(rules[2]["api_key"] as? String == "throttled")
        // rate-limited-account: three 429s with Retry-After 5, then the real answer.
        for _ in 0..<3 {
            let limited = try Profiles.get(server, "/v1/phota/profiles/ids", key: "throttled")
            Profiles.expectError(limited, status: 429, code: "RATE_LIMITED", detail: "Too Many Requests")
            #expect(limited.header("Retry-After") == "5")
        }
        #expect(try Profiles.get(server, "/v1/phota/profiles/ids", key: "throttled").bodyText == #"{"profiles":[]}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/credits/throttled") == #"{"api_key":"throttled","balance":null}"#)
        // team-with-ready-profiles.
        let alice = try #require(
            try Admin.object(try Profiles.get(server, "/v1/phota/profiles/ids?tag=alice", key: "team-a").bodyText)[
                "profiles"] as? [String])
        #expect(alice.count == 3)
        #expect(try Admin.ok(server, "GET", "/_mock/credits/team-broke") == #"{"api_key":"team-broke","balance":1}"#)
        // flaky-status-endpoint: the seeded 20% of status reads fail with Retry-After 2, the rest answer.
        var statuses: [Int] = []
        for _ in 0..<40 {
            let response = try Admin.status(server, alice[0], key: "team-a")
            statuses.append(response.status)
            if response.status == 503 {
                #expect(response.header("Retry-After") == "2")
            } else {
                Profiles.expectStatus(response, id: alice[0], status: "READY")
            }
        }
        #expect(Set(statuses) == [200, 503])
    }

    @Test func badScenarioFileFailsTheStart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "phota-mock-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"{"profiles":[{"api_key":"k","status":"DONE"}]}"#.utf8).write(
            to: directory.appendingPathComponent("a.json"))
        #expect(throws: (any Error).self) { _ = try TestServer { $0.fixturesPath = directory.path } }
        #expect(throws: (any Error).self) {
            _ = try TestServer { $0.fixturesPath = directory.appendingPathComponent("missing.json").path }
        }
    }

    @Test func metricsCountRequestsAndShowTheGauges() throws {
        let server = try TestServer { $0.frozenClock = true }
        defer { server.stop() }
        _ = try Profiles.add(server, key: "k")
        _ = try Profiles.get(server, "/v1/phota/profiles/ids", key: "k")
        _ = try Profiles.get(server, "/v1/phota/profiles/ids", key: "k")
        _ = try Profiles.get(server, "/v1/phota/profiles/ids", key: nil)
        _ = try Admin.create(server, #"{"api_key":"k","count":3,"status":"READY"}"#)
        _ = try Admin.create(server, #"{"api_key":"k","count":3,"status":"IN_PROGRESS"}"#)
        try Admin.ok(server, "POST", "/_mock/faults", body: #"{"method":"PUT","action":{"type":"empty"}}"#)
        _ = try server.request("GET", "/nowhere")

        let response = try Admin.call(server, "GET", "/_mock/metrics")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/plain; version=0.0.4")
        let lines = Set(response.bodyText.split(separator: "\n").map(String.init))
        let expected = [
            "# TYPE phota_mock_requests_total counter",
            #"phota_mock_requests_total{route="/v1/phota/profiles/add",method="POST",status="200"} 1"#,
            #"phota_mock_requests_total{route="/v1/phota/profiles/ids",method="GET",status="200"} 2"#,
            #"phota_mock_requests_total{route="/v1/phota/profiles/ids",method="GET",status="401"} 1"#,
            #"phota_mock_requests_total{route="/_mock/**",method="POST",status="200"} 3"#,
            #"phota_mock_requests_total{route="other",method="GET",status="404"} 1"#,
            "# TYPE phota_mock_request_duration_seconds histogram",
            #"phota_mock_request_duration_seconds_bucket{le="+Inf"} 8"#,
            "phota_mock_request_duration_seconds_count 8",
            "# TYPE phota_mock_profiles gauge",
            #"phota_mock_profiles{status="READY"} 3.0"#,
            #"phota_mock_profiles{status="ERROR"} 0.0"#,
            "phota_mock_queue_depth 1.0",
            "phota_mock_training 2.0",
            "phota_mock_journal_entries 4.0",
            "phota_mock_fault_rules 1.0",
        ]
        for line in expected { #expect(lines.contains(line), "missing: \(line)") }
        // Unfinished profiles are stored as their transitions are written; together they are always four.
        let unfinished = ["VALIDATING", "QUEUING", "IN_PROGRESS"].map { status in
            response.bodyText.split(separator: "\n").first {
                $0.hasPrefix(#"phota_mock_profiles{status="\#(status)"} "#)
            }
            .flatMap { Double($0.split(separator: " ").last ?? "") } ?? -1
        }
        #expect(unfinished.reduce(0, +) == 4)
        // Buckets are cumulative and end at the count.
        let buckets = response.bodyText.split(separator: "\n").filter {
            $0.hasPrefix("phota_mock_request_duration_seconds_bucket")
        }
        let counts = buckets.compactMap { Int($0.split(separator: " ").last ?? "") }
        #expect(counts.count == 15)
        #expect(counts == counts.sorted())
        #expect(counts.last == 8)
    }
}
