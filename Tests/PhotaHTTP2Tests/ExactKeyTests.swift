// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Over HTTP/2 as over HTTP/1.1, an `x-api-key` that is not visible ASCII names no account, and the first of
/// two fields is the one that counts. Header values go out as raw bytes through hpack.
@Suite(
    .enabled(if: Tools.hasPythonH2, "python3 with the h2 package is not installed (scripts/deps.sh test installs it)"))
struct ExactKeyTests {
    /// Sends one request per line of `requests` (`method path key-hex[,key-hex…]`) on one connection and prints
    /// `status body` for each, in order.
    private static let client = #"""
        import socket, sys
        import h2.config, h2.connection, h2.events
        port = int(sys.argv[1])
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, validate_outbound_headers=False,
                                                                    normalize_outbound_headers=False))
        conn.initiate_connection()
        sock.sendall(conn.data_to_send())
        for line in sys.argv[2:]:
            method, path, keys = line.split(" ")
            body = b'{"image_urls":["https://e.com/1.jpg","https://e.com/2.jpg","https://e.com/3.jpg","https://e.com/4.jpg","https://e.com/5.jpg"],"training_tier":"fast"}'
            headers = [(b":method", method.encode()), (b":scheme", b"http"), (b":authority", b"127.0.0.1"), (b":path", path.encode())]
            headers += [(b"x-api-key", bytes.fromhex(key)) for key in keys.split(",") if key]
            if method == "POST":
                headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            stream = conn.get_next_available_stream_id()
            conn.send_headers(stream, headers, end_stream=method != "POST")
            if method == "POST":
                conn.send_data(stream, body, end_stream=True)
            sock.sendall(conn.data_to_send())
            status, data, done = None, b"", False
            while not done:
                for event in conn.receive_data(sock.recv(65536)):
                    if isinstance(event, h2.events.ResponseReceived):
                        status = dict(event.headers)[b":status"].decode()
                    elif isinstance(event, h2.events.DataReceived):
                        data += event.data
                        conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                    elif isinstance(event, h2.events.StreamEnded):
                        done = True
                sock.sendall(conn.data_to_send())
            print(status, data.decode())
        """#

    private static func run(_ port: UInt16, _ requests: [(String, String, [[UInt8]])]) throws -> [String] {
        let lines = requests.map { method, path, keys in
            "\(method) \(path) " + keys.map { $0.map { String(format: "%02x", $0) }.joined() }.joined(separator: ",")
        }
        let output = try Tools.run("python3", ["-c", Self.client, "\(port)"] + lines)
        #expect(output.status == 0, "\(output.stderr)")
        return String(decoding: output.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func malformedKeysAreRefusedAndTheFirstFieldCounts() throws {
        let server = try TestServer()
        defer { server.stop() }
        let victim = Array("victim-".utf8)
        let unauthorized =
            #"401 {"detail":"Missing or invalid API key in the X-API-Key header.","code":"UNAUTHORIZED","request_id":""#
        let answers = try Self.run(
            server.port,
            [
                ("POST", "/v1/phota/profiles/add", [victim]),
                ("GET", "/v1/phota/profiles/ids", [victim + [0xFF]]),
                ("GET", "/v1/phota/profiles/ids", [victim + [0xFE]]),
                ("GET", "/v1/phota/profiles/ids", [Array("victim-\u{FFFD}".utf8)]),
                ("GET", "/v1/phota/profiles/ids", [Array("\u{212A}".utf8)]),
                ("GET", "/v1/phota/profiles/ids", [Array("cafe\u{301}".utf8)]),
                ("POST", "/v1/phota/profiles/add", [Array("first".utf8), Array("second".utf8)]),
                ("GET", "/v1/phota/profiles/ids", [Array("second".utf8)]),
                ("GET", "/v1/phota/profiles/ids", [[0x80], Array("first".utf8)]),
            ])
        try #require(answers.count == 9, "\(answers)")
        #expect(answers[0].hasPrefix(#"200 {"profile_id":""#))
        for answer in answers[1...5] { #expect(answer.hasPrefix(unauthorized), "\(answer)") }
        #expect(answers[6].hasPrefix(#"200 {"profile_id":""#))
        #expect(answers[7] == #"200 {"profiles":[]}"#)
        #expect(answers[8].hasPrefix(unauthorized))
        let victimID = String(answers[0].dropFirst(#"200 {"profile_id":""#.count).prefix(32))
        let firstID = String(answers[6].dropFirst(#"200 {"profile_id":""#.count).prefix(32))
        #expect(try Profiles.ids(server, key: "victim-") == [victimID])
        #expect(try Profiles.ids(server, key: "first") == [firstID])
    }
}

private enum Profiles {
    static func ids(_ server: TestServer, key: String) throws -> [String] {
        let response = try #require(try server.request("GET", "/v1/phota/profiles/ids", headers: [("X-API-Key", key)]))
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: [String]]
        return object?["profiles"] ?? []
    }
}
