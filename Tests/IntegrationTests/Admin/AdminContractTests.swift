// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaTestSupport
import Testing

/// The admin OpenAPI document against the routes, and the admin flags of the real executable.
@Suite struct AdminContractTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func adminOpenAPIDocumentIsServedAndMatchesTheRoutes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try Admin.call(server, "GET", "/_mock/openapi.json")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        #expect(
            response.body
                == Array(try Data(contentsOf: Self.root.appendingPathComponent("openapi/phota-mock-admin.json"))))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        let routed = Set(
            server.app.routeTable.filter { $0.pattern.hasPrefix("/_mock") }.map { "\($0.method) \($0.pattern)" })
        #expect(documented == routed)
    }

    private func send(
        _ port: UInt16, _ method: String, _ path: String, headers: [(String, String)] = []
    ) throws -> RawResponse {
        let client = try RawClient(port: port)
        var text = "\(method) \(path) HTTP/1.1\r\nHost: x\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        client.send(text + "\r\n")
        return try #require(client.readResponse())
    }

    /// `--frozen-clock`, `--admin-token`, `--fixtures` and `--journal-size` reach the control plane.
    @Test func executableWiresTheAdminFlags() throws {
        let server = try ProcessServer(arguments: [
            "--db", ":memory:", "--log-level", "error", "--frozen-clock", "--admin-token", "T", "--journal-size", "5",
            "--fixtures", Self.root.appendingPathComponent("fixtures/scenarios").path,
        ])
        defer { server.stop(signal: SIGTERM) }
        let token = [("X-Admin-Token", "T")]
        #expect(try self.send(server.port, "GET", "/_mock/clock").status == 401)
        #expect(try self.send(server.port, "GET", "/_mock/ready").bodyText == AdminAccessTests.ready)
        let clock = try Admin.object(try self.send(server.port, "GET", "/_mock/clock", headers: token).bodyText)
        #expect(clock["frozen"] as? Bool == true)
        let faults = try Admin.object(try self.send(server.port, "GET", "/_mock/faults", headers: token).bodyText)
        #expect((faults["faults"] as? [Any])?.count == 3)
        for _ in 0..<8 {
            _ = try self.send(server.port, "GET", "/v1/phota/profiles/ids", headers: [("X-API-Key", "team-a")])
        }
        #expect(try self.send(server.port, "GET", "/_mock/journal/count", headers: token).bodyText == #"{"count":5}"#)
        let listed = try Admin.object(
            try self.send(server.port, "GET", "/v1/phota/profiles/ids?tag=alice", headers: [("X-API-Key", "team-a")])
                .bodyText)
        #expect((listed["profiles"] as? [String])?.count == 3)
    }
}
