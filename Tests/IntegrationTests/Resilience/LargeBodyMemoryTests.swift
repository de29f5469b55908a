// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaTestSupport
import Testing

@testable import PhotaControl

/// Memory that large request bodies held is given back: the journal keeps only its body limit, and the
/// allocator returns the bodies' pages when they are freed.
@Suite struct LargeBodyMemoryTests {
    @Test func aJournalEntryKeepsOnlyItsLimitNotTheBufferItCameFrom() {
        var roomy = [UInt8](repeating: 0x61, count: 100)
        roomy.reserveCapacity(1 << 20)
        let (kept, cut) = RequestJournal.cut(roomy, limit: 4096)
        #expect(!cut && kept == roomy && kept.capacity < 4096)
        let big = [UInt8](repeating: 0x62, count: 8 << 20)
        let (prefix, bigCut) = RequestJournal.cut(big, limit: 4096)
        #expect(bigCut && prefix.count == 4096 && prefix.capacity < 8192)
        let small = Array("{}".utf8)
        #expect(RequestJournal.cut(small, limit: 4096).0.capacity == small.capacity)
    }

    /// Resident memory in KiB, from /proc.
    private static func residentKiB(_ pid: Int32) -> Int {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }

    @Test func residentMemoryFallsBackAfterManyEightMiBBodies() throws {
        let server = try ProcessServer(arguments: ["--db", ":memory:", "--log-level", "critical", "--threads", "2"])
        defer { _ = server.stop(signal: SIGTERM) }
        // 8 MiB of JSON whitespace and then a stray letter: a small 422 `json_invalid`.
        let body = [UInt8](repeating: 0x20, count: (8 << 20) - 1) + [0x78]
        let head = Array(
            "POST /v1/phota/profiles/add HTTP/1.1\r\nHost: x\r\nX-API-Key: memory\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
                .utf8)
        let before = Self.residentKiB(server.pid)
        let clients = try (0..<4).map { _ in try RawClient(port: server.port, timeoutSeconds: 30) }
        for _ in 0..<30 {
            for client in clients { client.send(head + body) }
            for client in clients {
                let response = try #require(client.readResponse())
                #expect(response.status == 422)
            }
        }
        let after = Self.residentKiB(server.pid)
        // 120 bodies of 8 MiB passed through; what stays is a few MiB.
        // Before the allocator's threshold was fixed, this grew by well over 100 MiB.
        #expect(before > 0 && after - before < 64 * 1024, "resident \(before) KiB before, \(after) KiB after")
    }
}
