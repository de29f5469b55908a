// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// A profile on the real running clock with the default preset (fast tier: 0.5 s validating, 0.5 s
/// queuing, 1.5 s training): nothing advances time but the wall.
@Suite struct LiveClockTests {
    @Test func fastProfileReachesReadyThroughEveryPhaseInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(server.app.scheduler.clock.isRunning)
        let id = try Profiles.add(server, key: "live")
        var seen: [String] = []
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let response = try Profiles.get(server, "/v1/phota/profiles/\(id)/status", key: "live")
            #expect(response.status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            let status = try #require(object["status"] as? String)
            if seen.last != status { seen.append(status) }
            if status == "READY" || status == "ERROR" { break }
            usleep(5_000)
        }
        // Polling sees the phases in lifecycle order from VALIDATING to READY. (A poll can only miss a
        // phase if this process stalls for longer than the phase, 0.5 s; the stored history below shows
        // every phase with its exact time whatever the polling saw.)
        let lifecycle = ["VALIDATING", "QUEUING", "IN_PROGRESS", "READY"]
        let positions = seen.compactMap { lifecycle.firstIndex(of: $0) }
        #expect(positions.count == seen.count, "unexpected status in \(seen)")
        #expect(positions == positions.sorted() && Set(positions).count == positions.count, "\(seen)")
        #expect(seen.first == "VALIDATING" && seen.last == "READY", "\(seen)")

        // The stored history: every transition in order, each at its due time on the simulated clock.
        let detail = try self.storedDetail(server, id: id)
        let plan = try #require(detail["plan"] as? [String: Any])
        let history = try #require(detail["history"] as? [[String: Any]])
        let statuses = history.compactMap { $0["status"] as? String }
        let times = history.compactMap { ($0["at"] as? NSNumber)?.int64Value }
        // The history holds the scheduler's transitions; VALIDATING is the row's creation (created_at).
        #expect(statuses == ["QUEUING", "IN_PROGRESS", "READY"])
        #expect(times == times.sorted())
        let created = try #require((detail["created_at"] as? NSNumber)?.int64Value)
        let validating = try #require((plan["validating_ms"] as? NSNumber)?.int64Value)
        let queuing = try #require((plan["queue_min_ms"] as? NSNumber)?.int64Value)
        let training = try #require((plan["training_ms"] as? NSNumber)?.int64Value)
        #expect([validating, queuing, training] == [500, 500, 1500])
        #expect(
            times == [created + validating, created + validating + queuing, created + validating + queuing + training])
        #expect(detail["status"] as? String == "READY")
        #expect((detail["finished_at"] as? NSNumber)?.int64Value == times.last)
    }

    /// `GET /_mock/profiles/{id}` once the final transition is stored (the writer commits it shortly
    /// after the status read sees it).
    private func storedDetail(_ server: TestServer, id: String) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(10)
        var detail: [String: Any] = [:]
        repeat {
            let response = try #require(try server.request("GET", "/_mock/profiles/\(id)"))
            #expect(response.status == 200)
            detail = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            let history = detail["history"] as? [[String: Any]] ?? []
            if history.last?["status"] as? String == "READY" { return detail }
            usleep(5_000)
        } while Date() < deadline
        return detail
    }
}
