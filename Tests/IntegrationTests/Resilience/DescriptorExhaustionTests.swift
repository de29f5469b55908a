// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaHTTP
import PhotaTestSupport
import Testing

/// The real executable under a descriptor limit it cannot raise (soft = hard = 128), with idle
/// connections holding every descriptor it lets connections have: requests on open connections are
/// still answered, new clients wait instead of being dropped, and nothing crashes.
@Suite(.serialized) struct DescriptorExhaustionTests {
    private static let limit = 128

    private func request(_ client: RawClient, _ method: String, _ path: String, body: String? = nil) -> String {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: x\r\nX-API-Key: crowded\r\nContent-Type: application/json\r\n"
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        return text + "\r\n" + (body ?? "")
    }

    private func send(_ client: RawClient, _ method: String, _ path: String, body: String? = nil) throws -> RawResponse
    {
        client.send(self.request(client, method, path, body: body))
        return try #require(client.readResponse())
    }

    private func add(_ client: RawClient) throws -> String {
        let response = try self.send(
            client, "POST", "/v1/phota/profiles/add", body: Profiles.addBody(urls: Profiles.urls(5), tier: "fast"))
        return try self.profileID(response)
    }

    private func profileID(_ response: RawResponse) throws -> String {
        #expect(response.status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String])
        let id = try #require(object["profile_id"])
        #expect(object == ["profile_id": id])
        return id
    }

    private func expectValidating(_ client: RawClient, _ id: String) throws {
        let status = try self.send(client, "GET", "/v1/phota/profiles/\(id)/status")
        #expect(status.status == 200)
        #expect(status.bodyText == #"{"profile_id":"\#(id)","status":"VALIDATING","message":null}"#)
    }

    /// Polls (no time limit is asserted; the deadline only keeps a broken build from hanging) until
    /// the server holds every descriptor but its reserve.
    private func waitUntilFull(_ server: ProcessServer) -> Int {
        let ceiling = Self.limit - HTTPServerConfiguration().reservedDescriptors
        let deadline = Date().addingTimeInterval(60)
        var open = server.openDescriptors()
        while open < ceiling && Date() < deadline {
            usleep(10_000)
            open = server.openDescriptors()
        }
        return open
    }

    @Test func requestsAreAnswered_WhenIdleConnectionsHoldEveryDescriptor_AndWaitingClientsAreServedOnceTheyClose()
        throws
    {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent(
            "phota-fd-\(UUID().uuidString)/db.sqlite3"
        ).path
        // A running clock (its timer is armed by every add) slow enough that a profile stays VALIDATING
        // throughout: 0.5 simulated seconds take 500 real ones.
        let server = try ProcessServer(
            arguments: ["--db", database, "--time-scale", "0.001", "--log-level", "info"], openFileLimit: Self.limit
        )
        let first = try RawClient(port: server.port)
        let health = try self.send(first, "GET", "/_mock/health")
        #expect(health.status == 200 && health.bodyText == #"{"status":"ok"}"#)

        // More connections than the limit allows: the server accepts up to its cap, the rest wait in the backlog.
        var idle = try (0..<Self.limit + 40).map { _ in try RawClient(port: server.port) }
        let open = self.waitUntilFull(server)
        #expect(open >= Self.limit - HTTPServerConfiguration().reservedDescriptors && open <= Self.limit)

        // The first add of the process arms the scheduler's timer: it must not need a descriptor now.
        let crowded = try self.add(first)
        try self.expectValidating(first, crowded)
        let listed = try self.send(first, "GET", "/v1/phota/profiles/ids")
        #expect(listed.status == 200 && listed.bodyText == #"{"profiles":["\#(crowded)"]}"#)
        let ready = try self.send(first, "GET", "/_mock/ready")
        #expect(ready.status == 200)
        #expect(ready.bodyText == #"{"migrations":"done","scheduler":"running","status":"ready","storage":"ok"}"#)

        // A client beyond the cap is not refused: its request waits until descriptors are free again.
        let waiting = try RawClient(port: server.port, timeoutSeconds: 60)
        waiting.send(
            self.request(
                waiting, "POST", "/v1/phota/profiles/add", body: Profiles.addBody(urls: Profiles.urls(5), tier: "fast"))
        )
        idle.removeAll()
        let late = try self.profileID(try #require(waiting.readResponse()))

        let fresh = try RawClient(port: server.port)
        let recovered = try self.add(fresh)
        for id in [crowded, late, recovered] { try self.expectValidating(fresh, id) }
        let all = try self.send(fresh, "GET", "/v1/phota/profiles/ids")
        #expect(all.bodyText == #"{"profiles":["\#(crowded)","\#(late)","\#(recovered)"]}"#)

        #expect(server.stop(signal: SIGTERM) == 0)
        let log = server.standardError()
        #expect(log.contains("info max connections capped by the descriptor limit capped="))
        #expect(log.contains(" descriptors.limit=128 "))
        #expect(log.contains(" requested=10000"))
    }
}
