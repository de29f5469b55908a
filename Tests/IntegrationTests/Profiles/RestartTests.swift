// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaTestSupport
import Testing

/// Durability through the real executable: a profile whose add returned 200 survives `kill -9`.
@Suite(.serialized) struct RestartTests {
    private func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("phota-restart-\(UUID().uuidString)/db.sqlite3")
            .path
    }

    private func send(_ port: UInt16, _ method: String, _ path: String, body: String? = nil) throws -> RawResponse {
        let client = try RawClient(port: port)
        var text = "\(method) \(path) HTTP/1.1\r\nHost: x\r\nX-API-Key: durable\r\nContent-Type: application/json\r\n"
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        client.send(text + "\r\n" + (body ?? ""))
        return try #require(client.readResponse())
    }

    @Test func everyAddedProfileSurvivesKill9AndTrainingResumes() throws {
        let database = self.temporaryDatabase()
        // Slow training so the profiles are mid-flight when the process dies.
        let arguments = ["--db", database, "--preset", "realistic", "--log-level", "error"]
        let first = try ProcessServer(arguments: arguments)
        var ids: [String] = []
        for index in 0..<20 {
            let body = Profiles.addBody(
                urls: Profiles.urls(5), tier: "fast", tag: index.isMultiple(of: 2) ? "even" : "odd")
            let response = try self.send(first.port, "POST", "/v1/phota/profiles/add", body: body)
            #expect(response.status == 200)
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String]
            ids.append(try #require(object?["profile_id"]))
        }
        #expect(first.stop(signal: SIGKILL) == SIGKILL)

        let second = try ProcessServer(arguments: arguments)
        defer { second.stop(signal: SIGTERM) }
        let listed = try self.send(second.port, "GET", "/v1/phota/profiles/ids")
        #expect(listed.bodyText == "{\"profiles\":[" + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]}")
        let even = try self.send(second.port, "GET", "/v1/phota/profiles/ids?tag=even")
        #expect(
            even.bodyText == "{\"profiles\":["
                + ids.enumerated().filter { $0.offset.isMultiple(of: 2) }.map { "\"\($0.element)\"" }.joined(
                    separator: ",") + "]}")
        for id in ids {
            let status = try self.send(second.port, "GET", "/v1/phota/profiles/\(id)/status")
            #expect(status.status == 200)
            #expect(
                status.bodyText.hasPrefix(#"{"profile_id":"\#(id)","status":"VALIDATING""#)
                    || status.bodyText.contains(#""status":"QUEUING""#))
        }
    }

    @Test func sigtermExitsZeroAndPrintsListeningFirst() throws {
        let server = try ProcessServer(arguments: ["--db", ":memory:"])
        #expect(server.firstLine == "phota-mock 0.1.0 listening on http://127.0.0.1:\(server.port)")
        #expect(server.stop(signal: SIGTERM) == 0)
    }
}
