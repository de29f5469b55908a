// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Bodies, limits, flow control, concurrency and deferred replies, with real HTTP/2 clients.
@Suite(
    .enabled(
        if: Tools.has("curl") && Tools.has("nghttp") && Tools.has("h2load"),
        "curl or nghttp2-client is not installed (scripts/deps.sh test installs them)"))
struct StreamTests {
    /// Compares large bodies without the element-by-element diff a failing `==` would print.
    static func expectSameBytes(_ actual: [UInt8], _ expected: [UInt8]) {
        if actual.count != expected.count {
            Issue.record("length \(actual.count), expected \(expected.count)")
            return
        }
        if let index = actual.indices.first(where: { actual[$0] != expected[$0] }) {
            Issue.record("first difference at byte \(index)")
        }
    }

    @Test func largeBodyFlowsThroughSmallWindows() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        // nghttp announces 2^16-1 byte stream and connection windows: 1 MiB needs ~16 WINDOW_UPDATEs.
        let nghttp = try Tools.run("nghttp", ["-w", "16", "-W", "16", "\(server.url)/big"])
        #expect(nghttp.status == 0, "\(nghttp.stderr)")
        Self.expectSameBytes(nghttp.stdout, FixtureServer.bigBody)
        let curl = try Tools.run("curl", ["-s", "--http2-prior-knowledge", "\(server.url)/big"])
        Self.expectSameBytes(curl.stdout, FixtureServer.bigBody)
        let upgraded = try Tools.run("curl", ["-s", "--http2", "\(server.url)/big"])
        Self.expectSameBytes(upgraded.stdout, FixtureServer.bigBody)
    }

    @Test func requestBodyOverDataFramesIsEchoed() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let body = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let file = try Tools.temporaryFile(body)
        defer { try? FileManager.default.removeItem(atPath: file) }
        for mode in ["--http2-prior-knowledge", "--http2"] {
            let output = try Tools.run(
                "curl",
                [
                    "-s", "-i", mode, "-H", "content-type: application/octet-stream", "--data-binary", "@\(file)",
                    "\(server.url)/echo",
                ]
            )
            let response = CurlResponse(output.stdout)
            #expect(response.statuses.last == 200)
            #expect(response.versions.last == "HTTP/2")
            #expect(response.header("content-length") == "300000")
            Self.expectSameBytes(response.body, body)
        }
    }

    @Test func bodyOverTheLimitIs413OnThatStream() throws {
        let server = try FixtureServer { $0.maxBodyBytes = 1000 }
        defer { server.stop() }
        let file = try Tools.temporaryFile([UInt8](repeating: 0x61, count: 5000))
        defer { try? FileManager.default.removeItem(atPath: file) }
        // nghttp, not curl: curl 7.88 may drop a complete response when the RST_STREAM(NO_ERROR) that
        // stops its upload (RFC 9113 §8.1) arrives while it is still sending.
        let output = try Tools.run("nghttp", ["-v", "-d", file, "\(server.url)/echo"])
        let text = String(decoding: output.stdout, as: UTF8.self)
        let fields = text.split(separator: "\n").compactMap { line -> (String, String)? in
            // nghttp's own priority streams take the low ids, so the request's id varies.
            guard let start = line.range(of: "recv (stream_id="), let end = line[start.upperBound...].range(of: ") ")
            else { return nil }
            let field = line[end.upperBound...]
            guard let colon = field.dropFirst().firstIndex(of: ":") else { return nil }
            return (
                String(field[..<colon]),
                String(field[field.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            )
        }
        let id = try #require(fields.first { $0.0 == "x-request-id" }?.1)
        #expect(fields.first { $0.0 == ":status" }?.1 == "413")
        let expectedBody =
            #"{"detail":"Request body is larger than 1000 bytes.","code":"PAYLOAD_TOO_LARGE","request_id":"\#(id)"}"#
        #expect(text.contains(expectedBody))
        // The same limit as HTTP/1.1, which answers the same body.
        let http1 = CurlResponse(
            try Tools.run("curl", ["-s", "-i", "--http1.1", "--data-binary", "@\(file)", "\(server.url)/echo"]).stdout)
        #expect(http1.statuses == [413])
        #expect(http1.names == fields.map { $0.0 }.filter { !$0.hasPrefix(":") } + ["connection"])
        #expect(http1.header("connection") == "close")
    }

    @Test func tooManyHeaderFieldsIs431OnThatStream() throws {
        let server = try FixtureServer { $0.maxHeaderCount = 10 }
        defer { server.stop() }
        let headers = (0..<12).flatMap { ["-H", "x-extra-\($0): v"] }
        let output = try Tools.run(
            "curl", ["-s", "-i", "--http2-prior-knowledge"] + headers + ["\(server.url)/echo-target/x"])
        let response = CurlResponse(output.stdout)
        let id = try #require(response.header("x-request-id"))
        #expect(response.statuses == [431])
        #expect(
            response.bodyText
                == #"{"detail":"More than 10 header fields.","code":"HEADERS_TOO_LARGE","request_id":"\#(id)"}"#)
    }

    @Test func pathIsPercentDecodedAndQueryParsedAsInHTTP1() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let url = "\(server.url)/echo-target/a%20b?tag=x%2By&n=1+2&empty="
        let h2 = CurlResponse(try Tools.run("curl", ["-s", "-i", "--http2-prior-knowledge", url]).stdout)
        let h1 = CurlResponse(try Tools.run("curl", ["-s", "-i", "--http1.1", url]).stdout)
        #expect(h2.bodyText == "/echo-target/a b|tag=x+y&n=1 2&empty=|127.0.0.1:\(server.port)")
        #expect(h1.bodyText == h2.bodyText)
        #expect(h2.names == ["date", "content-type", "x-handler", "content-length", "x-request-id"])
        #expect(h2.names == h1.names)
        let bad = CurlResponse(
            try Tools.run("curl", ["-s", "-i", "--http2-prior-knowledge", "\(server.url)/echo-target/a%zz"]).stdout)
        let id = try #require(bad.header("x-request-id"))
        #expect(bad.statuses == [400])
        #expect(
            bad.bodyText
                == #"{"detail":"Malformed percent-encoding in path.","code":"BAD_REQUEST","request_id":"\#(id)"}"#)
    }

    @Test func hundredConcurrentStreamsOnOneConnection() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let output = try Tools.run("h2load", ["-n", "100", "-c", "1", "-m", "100", "\(server.url)/deferred/1"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(
            output.text.contains(
                "requests: 100 total, 100 started, 100 done, 100 succeeded, 0 failed, 0 errored, 0 timeout"),
            "\(output.text)")
        #expect(output.text.contains("status codes: 100 2xx, 0 3xx, 0 4xx, 0 5xx"), "\(output.text)")
        // The announced limit: 128 concurrent streams.
        let verbose = try Tools.run("nghttp", ["-v", "-n", "\(server.url)/deferred/2"])
        #expect(verbose.text.contains("[SETTINGS_MAX_CONCURRENT_STREAMS(0x03):128]"), "\(verbose.text)")
    }

    @Test func deferredRepliesArriveOnTheirStreams() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let urls = (0..<20).map { "\(server.url)/deferred/\($0)" }
        // nghttp sends all 20 on one connection and prints each body (order of completion varies).
        let output = try Tools.run("nghttp", urls)
        #expect(output.status == 0, "\(output.stderr)")
        var bodies = output.text.replacingOccurrences(of: "}{", with: "}\n{").split(separator: "\n").map(String.init)
        bodies.sort()
        #expect(bodies == (0..<20).map { "{\"n\":\"\($0)\"}" }.sorted())
    }
}
