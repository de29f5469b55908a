// SPDX-License-Identifier: Apache-2.0
import PhotaTestSupport
import Testing

/// The app's routes over HTTP/2 (prior knowledge and upgrade) answer exactly as over HTTP/1.1.
@Suite(.enabled(if: Tools.has("curl"), "curl is not installed (scripts/deps.sh test installs it)"))
struct CurlTests {
    private func curl(_ port: UInt16, _ mode: String?, _ arguments: [String]) throws -> CurlResponse {
        var all = ["-s", "-i"]
        if let mode { all.append(mode) }
        let output = try Tools.run("curl", all + arguments.map { $0.replacingOccurrences(of: "PORT", with: "\(port)") })
        #expect(output.status == 0, "curl failed: \(output.stderr)")
        return CurlResponse(output.stdout)
    }

    /// Every route answers with the same status, field names (in order) and body over HTTP/1.1,
    /// HTTP/2 with prior knowledge, and HTTP/2 by upgrade.
    @Test(arguments: [
        (["http://127.0.0.1:PORT/_mock/health"], 200),
        (["http://127.0.0.1:PORT/nope"], 404),
        (["-X", "POST", "http://127.0.0.1:PORT/_mock/health"], 405),
        (["-I", "http://127.0.0.1:PORT/_mock/health"], 200),
    ])
    func sameAnswerOverEveryProtocol(arguments: [String], status: Int) throws {
        let server = try TestServer()
        defer { server.stop() }
        let http1 = try self.curl(server.port, "--http1.1", arguments)
        let prior = try self.curl(server.port, "--http2-prior-knowledge", arguments)
        let upgraded = try self.curl(server.port, "--http2", arguments)
        #expect(http1.versions == ["HTTP/1.1"])
        #expect(prior.versions == ["HTTP/2"])
        #expect(upgraded.versions == ["HTTP/1.1", "HTTP/2"])
        #expect(upgraded.statuses == [101, status])
        for response in [http1, prior, upgraded] {
            #expect(response.statuses.last == status)
            let allow = status == 405 ? ["allow"] : []
            #expect(response.names == ["date", "content-type"] + allow + ["content-length", "x-request-id"])
            #expect(response.header("content-type") == "application/json")
            let id = try #require(response.header("x-request-id"))
            #expect(id.count == 32)
            switch status {
            case 200:
                #expect(response.header("content-length") == "15")
                #expect(response.bodyText == (arguments.first == "-I" ? "" : #"{"status":"ok"}"#))
            case 404:
                #expect(response.bodyText == #"{"detail":"Not Found","code":"NOT_FOUND","request_id":"\#(id)"}"#)
            default:
                #expect(response.header("allow") == "GET, HEAD")
                #expect(
                    response.bodyText
                        == #"{"detail":"Method Not Allowed","code":"METHOD_NOT_ALLOWED","request_id":"\#(id)"}"#)
            }
        }
        #expect(prior.names == http1.names)
        #expect(upgraded.names == http1.names)
    }

    /// nghttp (prior knowledge) against the live app: 100 streams on one connection, each answered.
    @Test(.enabled(if: Tools.has("nghttp"), "nghttp is not installed (scripts/deps.sh test installs nghttp2-client)"))
    func nghttpHundredStreamsAgainstTheApp() throws {
        let server = try TestServer()
        defer { server.stop() }
        let stats = try Tools.run("nghttp", ["-n", "-s", "-m", "100", "http://127.0.0.1:\(server.port)/nope"])
        #expect(stats.status == 0, "\(stats.stderr)")
        // One stats row per stream: id, start, response, total, status, size, path.
        let rows = stats.text.split(separator: "\n").filter { $0.hasSuffix(" /nope") }
        #expect(rows.count == 100)
        #expect(
            rows.allSatisfy {
                $0.split(separator: " ", omittingEmptySubsequences: true).suffix(3).elementsEqual([
                    "404", "89", "/nope",
                ])
            })
        let verbose = try Tools.run(
            "nghttp", ["-v", "-n", "-H", ":method: POST", "http://127.0.0.1:\(server.port)/_mock/health"])
        let received = verbose.text.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "recv (stream_id=13) ") else { return nil }
            let field = line[range.upperBound...]
            return field.hasPrefix("date:") || field.hasPrefix("x-request-id:")
                ? String(field.prefix { $0 != ":" }) : String(field)
        }
        #expect(
            received == [
                ":status: 405", "date", "content-type: application/json", "allow: GET, HEAD", "content-length: 107",
                "x-request-id",
            ])
    }
}
