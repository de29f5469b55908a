// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaAPIKit
import PhotaApp
import PhotaTestSupport
import Testing

@Suite struct AccountsAndContractTests {
    @Test func prepaidBalanceIsDebitedAndRefusedWith402() throws {
        let server = try TestServer { $0.defaultBalanceMicros = 3_000_000 }
        defer { server.stop() }
        let first = try Profiles.add(server, key: "payer", tier: "standard")
        let body = Profiles.addBody(urls: Profiles.urls(5), tier: "fast")
        let refused = try #require(
            try server.request(
                "POST", "/v1/phota/profiles/add", headers: [("X-API-Key", "payer"), Profiles.json], body: body))
        Profiles.expectError(
            refused, status: 402, code: "INSUFFICIENT_CREDIT", detail: "Insufficient prepaid credit balance.")
        #expect(
            try Profiles.get(server, "/v1/phota/profiles/ids", key: "payer").bodyText == #"{"profiles":["\#(first)"]}"#)
        _ = try Profiles.add(server, key: "another-account", tier: "fast")
    }

    @Test func strictModeAcceptsOnlyListedKeys() throws {
        let server = try TestServer { $0.apiKeys = .only(["good"]) }
        defer { server.stop() }
        _ = try Profiles.add(server, key: "good")
        Profiles.expectError(
            try Profiles.get(server, "/v1/phota/profiles/ids", key: "bad"), status: 401, code: "UNAUTHORIZED",
            detail: "Missing or invalid API key in the X-API-Key header."
        )
    }

    @Test func seededServersMakeTheSameIds() throws {
        var sequences: [[String]] = []
        for _ in 0..<2 {
            let server = try TestServer { $0.seed = 42 }
            sequences.append(try (0..<3).map { _ in try Profiles.add(server, key: "k") })
            server.stop()
        }
        #expect(sequences[0] == sequences[1])
        #expect(Set(sequences[0]).count == 3)
        #expect(sequences[0].allSatisfy { Array($0)[12] == "4" })
    }

    @Test func perTierImageCountsAreA422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let body = Profiles.addBody(urls: Profiles.urls(5), tier: "standard")
        let response = try #require(
            try server.request(
                "POST", "/v1/phota/profiles/add", headers: [("X-API-Key", "k"), Profiles.json], body: body))
        #expect(response.status == 422)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let detail = try #require((document["detail"] as? [[String: Any]])?.first)
        #expect(detail["type"] as? String == "value_error")
        #expect(detail["loc"] as? [String] == ["body"])
    }

    @Test func openAPIDocumentIsServedAndMatchesTheRoutes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try Profiles.get(server, "/v1/phota/openapi.json", key: nil)
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("openapi/phota-api.json")
        #expect(response.status == 200)
        #expect(response.body == Array(try Data(contentsOf: file)))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        // A HEAD route only mirrors its GET (the document's own route answers HEAD as FastAPI's does).
        let routed = Set(
            server.app.routeTable.filter { $0.pattern.hasPrefix("/v1/phota") && $0.method != "HEAD" }.map {
                "\($0.method) \($0.pattern)"
            }
        )
        #expect(documented == routed)
    }

    private static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = PythonJSONParser(bytes: buffer)
            return try parser.parseDocument()
        }
    }

    /// Replays every recorded FastAPI answer (fixtures/validation) against the live server.
    @Test func liveAnswersMatchTheFastAPIGoldenFiles() throws {
        let server = try TestServer()
        defer { server.stop() }
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures/validation")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
            .sorted()
        #expect(files.count >= 15)
        for file in files {
            guard
                case .object(let root) = try Self.parse(
                    Array(try Data(contentsOf: directory.appendingPathComponent(file)))),
                case .object(let request)? = root["request"], case .object(let expected)? = root["response"],
                case .string(let method)? = request["method"], case .string(let path)? = request["path"],
                case .int(let status)? = expected["status"]
            else {
                Issue.record("\(file): malformed fixture")
                continue
            }
            var body: [UInt8] = []
            if case .string(let text)? = request["body"] { body = Array(text.utf8) }
            if case .string(let encoded)? = request["body_base64"] {
                body = Array(Data(base64Encoded: encoded) ?? Data())
            }
            var head = "\(method) \(path)"
            if case .string(let query)? = request["query"], !query.isEmpty { head += "?" + query }
            head += " HTTP/1.1\r\nHost: x\r\nX-API-Key: golden\r\nContent-Length: \(body.count)\r\n"
            if case .string(let type)? = request["content_type"] { head += "Content-Type: \(type)\r\n" }
            let client = try server.client()
            client.send(Array((head + "\r\n").utf8) + body)
            let response = try #require(client.readResponse(), "\(file)")
            #expect(String(response.status) == status.text, "\(file)")
            if status.text != "200", let golden = expected["body"] {
                #expect(try Self.parse(response.body) == golden, "\(file): \(response.bodyText)")
            }
        }
    }
}
