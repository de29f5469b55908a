// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// RFC 9113 rules on the wire, driven by `h2_rules.py` (raw frames, hpack-encoded header blocks).
@Suite(
    .enabled(if: Tools.hasPythonH2, "python3 with the h2 package is not installed (scripts/deps.sh test installs it)"))
struct RFCRulesTests {
    @Test func serverFollowsRFC9113() throws {
        let server = try FixtureServer { $0.maxBodyBytes = 1000 }
        defer { server.stop() }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("h2_rules.py")
            .path
        let output = try Tools.run("python3", [script, "\(server.port)"])
        #expect(output.status == 0, "\(output.stderr)")
        var lines = output.text.split(separator: "\n").map(String.init)
        // The health response's body carries no request id; its field names are what matters.
        let expected = [
            // RFC 9113 §5.1.1: a stream id lower than one already used is a connection error.
            "lower_stream_id: GOAWAY PROTOCOL_ERROR",
            // §5.1: DATA on a stream closed by END_STREAM both ways is STREAM_CLOSED.
            "data_on_closed_stream: response 200, then GOAWAY STREAM_CLOSED",
            // §8.3, §8.2.1, §8.2.2, §8.3.1: malformed requests are stream errors.
            "unknown_pseudo_header: RST_STREAM 1 PROTOCOL_ERROR",
            "uppercase_field_name: RST_STREAM 1 PROTOCOL_ERROR",
            "connection_specific_field: RST_STREAM 1 PROTOCOL_ERROR",
            "missing_path: RST_STREAM 1 PROTOCOL_ERROR",
            // §4.2: a frame over SETTINGS_MAX_FRAME_SIZE (16,384) is FRAME_SIZE_ERROR.
            "oversized_frame: GOAWAY FRAME_SIZE_ERROR",
            // §4.1, §5.5: unknown frame types are ignored.
            "unknown_frame_type: PING ack=1 12345678, then response 200",
            #"health_fields: 200 :status,date,content-type,content-length,x-request-id {"status":"ok"}"#,
            // The body limit without content-length: 413 on the stream, then RST_STREAM NO_ERROR (§8.1).
            "body_over_limit_without_length: response 413, then RST_STREAM 1 NO_ERROR",
            "head_has_no_body: HEADERS end_stream=1 status=200 content-length=15",
            // §5.1.2: a stream over SETTINGS_MAX_CONCURRENT_STREAMS is refused alone, even once the
            // settings are acknowledged; the connection and its open streams go on.
            "stream_over_the_limit: limit 128, RST_STREAM 257 REFUSED_STREAM, then response 200",
        ]
        if lines.count != expected.count { Issue.record("output: \(output.text)\n\(output.stderr)") }
        lines += Array(repeating: "", count: max(0, expected.count - lines.count))
        for (line, want) in zip(lines, expected) { #expect(line == want) }
    }
}
