// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Foundation
import PhotaTestSupport
import Synchronization
import Testing

/// `/_mock/journal`: listing with every filter, count, clear, and the ring buffer's bound.
@Suite struct AdminJournalTests {
    private static func entries(_ server: TestServer, _ query: String = "") throws -> [[String: Any]] {
        let text = try Admin.ok(server, "GET", "/_mock/journal" + (query.isEmpty ? "" : "?" + query))
        return try #require(try Admin.object(text)["entries"] as? [[String: Any]])
    }

    private static func summary(_ entries: [[String: Any]]) -> [String] {
        entries.map {
            "\($0["method"] as? String ?? "?") \($0["path"] as? String ?? "?") \(Admin.int($0["status"]) ?? 0) \($0["api_key"] as? String ?? "-")"
        }
    }

    /// The wall clock as the journal stamps it (whole milliseconds since the epoch, rounded down).
    private static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    @Test func listFiltersCountAndClear() throws {
        let server = try TestServer { $0.frozenClock = true }
        defer { server.stop() }
        let body = Profiles.addBody(urls: Profiles.urls(5), tier: "fast", tag: "t")
        let added = try #require(
            try server.request(
                "POST", "/v1/phota/profiles/add", headers: [("X-API-Key", "a"), Profiles.json], body: body))
        let id = try #require(try Admin.object(added.bodyText)["profile_id"] as? String)
        let status = try Admin.status(server, id, key: "a")
        _ = try Profiles.get(server, "/v1/phota/profiles/ids?tag=t", key: "a")
        _ = try Admin.status(server, "ffffffffffffffffffffffffffffffff", key: "a")
        // Admin calls are never recorded.
        try Admin.ok(server, "GET", "/_mock/clock")
        // Wait (bounded) for the wall clock's next millisecond so `since` separates the two batches.
        let since = Self.nowMs() + 1
        while Self.nowMs() < since {}
        _ = try Profiles.get(server, "/v1/phota/profiles/ids", key: "b")
        _ = try Profiles.get(server, "/v1/phota/profiles/ids", key: nil)

        let all = try Self.entries(server)
        #expect(
            Self.summary(all) == [
                "POST /v1/phota/profiles/add 200 a", "GET /v1/phota/profiles/\(id)/status 200 a",
                "GET /v1/phota/profiles/ids 200 a",
                "GET /v1/phota/profiles/ffffffffffffffffffffffffffffffff/status 404 a",
                "GET /v1/phota/profiles/ids 200 b",
                "GET /v1/phota/profiles/ids 401 -",
            ]
        )
        // Sequence numbers increase; bodies, query and request ids are recorded.
        let sequences = all.compactMap { Admin.int($0["sequence"]) }
        #expect(sequences == [1, 2, 3, 4, 5, 6])
        #expect(all[0]["request_body"] as? String == body)
        #expect(all[0]["response_body"] as? String == added.bodyText)
        #expect(all[0]["request_id"] as? String == added.header("X-Request-Id"))
        #expect(all[0]["truncated"] as? Bool == false)
        #expect(all[0]["query"] as? String == "")
        #expect(all[1]["response_body"] as? String == status.bodyText)
        #expect(all[2]["query"] as? String == "tag=t")
        #expect(all[2]["response_body"] as? String == #"{"profiles":["\#(id)"]}"#)
        #expect(all[5]["api_key"] == nil)
        #expect(all.allSatisfy { ($0["latency_ms"] as? Double ?? -1) >= 0 && Admin.int($0["time"]) != nil })

        #expect(
            Self.summary(try Self.entries(server, "path=/v1/phota/profiles/*/status")) == [
                Self.summary(all)[1], Self.summary(all)[3],
            ])
        #expect(Self.summary(try Self.entries(server, "path=/v1/phota/**")) == Self.summary(all))
        #expect(
            Self.summary(try Self.entries(server, "path=/v1/phota/profiles/ids"))
                == Self.summary([all[2], all[4], all[5]]))
        #expect(Self.summary(try Self.entries(server, "method=POST")) == [Self.summary(all)[0]])
        #expect(Self.summary(try Self.entries(server, "method=get")).count == 5)
        #expect(Self.summary(try Self.entries(server, "status=404")) == [Self.summary(all)[3]])
        #expect(Self.summary(try Self.entries(server, "status=401")) == [Self.summary(all)[5]])
        #expect(Self.summary(try Self.entries(server, "api_key=b")) == [Self.summary(all)[4]])
        #expect(Self.summary(try Self.entries(server, "since=\(since)")) == Self.summary([all[4], all[5]]))
        #expect(Self.summary(try Self.entries(server, "limit=2")) == Self.summary([all[4], all[5]]))
        #expect(Self.summary(try Self.entries(server, "api_key=a&limit=1")) == [Self.summary(all)[3]])
        #expect(
            Self.summary(try Self.entries(server, "api_key=a&method=GET&status=200")) == Self.summary([all[1], all[2]]))
        #expect(try Self.entries(server, "api_key=nobody").isEmpty)

        #expect(try Admin.ok(server, "GET", "/_mock/journal/count") == #"{"count":6}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/journal/count?api_key=a") == #"{"count":4}"#)
        #expect(
            try Admin.ok(server, "GET", "/_mock/journal/count?path=/v1/phota/profiles/*/status&status=200")
                == #"{"count":1}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/journal/count?since=\(since)") == #"{"count":2}"#)

        #expect(try Admin.ok(server, "DELETE", "/_mock/journal?api_key=a&method=GET") == #"{"cleared":3}"#)
        #expect(Self.summary(try Self.entries(server)) == Self.summary([all[0], all[4], all[5]]))
        #expect(try Admin.ok(server, "DELETE", "/_mock/journal") == #"{"cleared":3}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/journal") == #"{"entries":[]}"#)
        // Numbering goes on after a clear.
        _ = try Profiles.get(server, "/v1/phota/profiles/ids", key: "c")
        #expect(try Self.entries(server).compactMap { Admin.int($0["sequence"]) } == [7])
    }

    @Test func bodiesAreCutToTheLimitAndBinaryBodiesSummarised() throws {
        let server = try TestServer { $0.journalBodyLimit = 16 }
        defer { server.stop() }
        let id = try Admin.create(server, #"{"api_key":"k","status":"READY"}"#)[0]
        let picture = try Profiles.get(server, "/v1/phota/profiles/\(id)/profile_picture", key: "k")
        #expect(picture.status == 200)
        _ = try Profiles.add(server, key: "k")
        let entries = try Self.entries(server)
        #expect(entries.count == 2)
        #expect(entries[0]["response_body"] as? String == "<\(picture.body.count) bytes>")
        #expect(entries[0]["truncated"] as? Bool == false)
        let body = Profiles.addBody(urls: Profiles.urls(5), tier: "fast")
        #expect(entries[1]["request_body"] as? String == String(body.prefix(16)))
        let response = try #require(entries[1]["response_body"] as? String)
        #expect(response.count == 16 && response.hasPrefix(#"{"profile_id":""#))
        #expect(entries[1]["truncated"] as? Bool == true)
    }

    @Test func journalSizeZeroRecordsNothing() throws {
        let server = try TestServer { $0.journalCapacity = 0 }
        defer { server.stop() }
        _ = try Profiles.get(server, "/v1/phota/profiles/ids", key: "k")
        #expect(try Admin.ok(server, "GET", "/_mock/journal") == #"{"entries":[]}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/journal/count") == #"{"count":0}"#)
    }

    /// 1,200 requests from four concurrent keep-alive connections into a journal of 100: it never holds
    /// more than 100 and ends with exactly the newest 100.
    @Test func journalNeverExceedsItsBoundUnderLoad() throws {
        let server = try TestServer { $0.journalCapacity = 100 }
        defer { server.stop() }
        let perConnection = 300
        let connections = 4
        let failures = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let maxSeen = Atomic<Int>(0)
        let group = DispatchGroup()
        for worker in 0..<connections {
            DispatchQueue.global().async(group: group) {
                defer { done.add(1, ordering: .relaxed) }
                guard let client = try? server.client() else {
                    failures.add(perConnection, ordering: .relaxed)
                    return
                }
                for index in 0..<perConnection {
                    client.send(
                        "GET /v1/phota/profiles/ids?n=\(index) HTTP/1.1\r\nHost: x\r\nX-API-Key: load-\(worker)\r\n\r\n"
                    )
                    guard let response = client.readResponse(), response.status == 200 else {
                        failures.add(1, ordering: .relaxed)
                        return
                    }
                }
            }
        }
        // Meanwhile, the size as the admin API sees it stays within the bound.
        var samples = 0
        while done.load(ordering: .relaxed) < connections {
            let text = try Admin.ok(server, "GET", "/_mock/journal/count")
            let count = Int(Admin.int(try Admin.object(text)["count"]) ?? -1)
            maxSeen.store(max(maxSeen.load(ordering: .relaxed), count), ordering: .relaxed)
            samples += 1
        }
        #expect(group.wait(timeout: .now() + 120) == .success)
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(samples > 0)
        #expect(maxSeen.load(ordering: .relaxed) <= 100)
        #expect(try Admin.ok(server, "GET", "/_mock/journal/count") == #"{"count":100}"#)
        let entries = try Self.entries(server)
        let total = connections * perConnection
        #expect(entries.compactMap { Admin.int($0["sequence"]) } == (Int64(total - 99)...Int64(total)).map { $0 })
        let metrics = try #require(try server.request("GET", "/_mock/metrics"))
        #expect(metrics.bodyText.contains("\nphota_mock_journal_entries 100.0\n"))
    }
}
