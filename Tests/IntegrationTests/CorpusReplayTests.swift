// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaAPIKit
import PhotaHTTP
import PhotaTestSupport
import Testing

/// Replays every file of `Corpus/` (see its README) against a live server.
@Suite struct CorpusReplayTests {
    /// The corpus files, sorted by name.
    static let files: [URL] = {
        let directory = Bundle.module.url(forResource: "Corpus", withExtension: nil)!
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".http") }.sorted().map { directory.appendingPathComponent($0) }
    }()

    @Test func corpusHasAtLeastOneHundredCases() {
        #expect(Self.files.count >= 100)
    }

    @Test func everyFileGetsItsStatusAnErrorBodyAndAClose() throws {
        let server = try TestServer()
        defer { server.stop() }
        for file in Self.files {
            let name = file.lastPathComponent
            let status = try #require(Int(name.prefix(3)), "\(name) does not start with a status")
            let bytes = try [UInt8](Data(contentsOf: file))
            let client = try RawClient(port: server.port, timeoutSeconds: 5)
            client.send(bytes)
            guard let response = client.readResponse() else {
                Issue.record("\(name): no response before the connection closed or timed out")
                continue
            }
            #expect(response.status == status, "\(name)")
            #expect(response.header("Connection") == "close", "\(name)")
            #expect(response.header("Content-Type") == "application/json", "\(name)")
            let requestID = try #require(response.header("X-Request-Id"), "\(name)")
            #expect(requestID.count == 32, "\(name)")
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            #expect(object?.count == 3, "\(name): \(response.bodyText)")
            #expect(object?["code"] as? String == DefaultErrorBody.code(for: HTTPStatus(status)), "\(name)")
            #expect(object?["request_id"] as? String == requestID, "\(name)")
            #expect((object?["detail"] as? String)?.isEmpty == false, "\(name)")
            #expect(client.isClosedByPeer(), "\(name): connection left open after the error")
        }
    }
}
