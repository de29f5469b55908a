// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Every profile endpoint through real HTTP/2 peers — curl with prior knowledge, curl by upgrade, and
/// nghttp — answers exactly as over HTTP/1.1: same status, same field names in order, same body shape.
@Suite(
    .enabled(
        if: Tools.has("curl") && Tools.has("nghttp"), "curl or nghttp is missing (scripts/deps.sh test installs them)"))
struct ProfileEndpointsTests {
    private static let body =
        #"{"image_urls":["https://example.com/1.jpg","https://example.com/2.jpg","https://example.com/3.jpg","https://example.com/4.jpg","https://example.com/5.jpg"],"training_tier":"fast","tag":"h2"}"#

    private func curl(_ mode: String, _ arguments: [String]) throws -> CurlResponse {
        let output = try Tools.run("curl", ["-s", "-i", mode, "-H", "X-API-Key: h2-key"] + arguments)
        #expect(output.status == 0, "curl failed: \(output.stderr)")
        return CurlResponse(output.stdout)
    }

    /// nghttp's response: `(:status, fields in order, body)` from `nghttp -v` output.
    private func nghttp(_ arguments: [String]) throws -> (status: Int, names: [String], body: String) {
        let output = try Tools.run("nghttp", ["-v", "-H", "x-api-key: h2-key"] + arguments)
        let text = String(decoding: output.stdout, as: UTF8.self)
        var status = 0
        var names: [String] = []
        var body = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let start = line.range(of: "recv (stream_id="), let end = line[start.upperBound...].range(of: ") ") {
                let field = line[end.upperBound...]
                guard let colon = field.dropFirst().firstIndex(of: ":") else { continue }
                let name = String(field[..<colon])
                if name == ":status" {
                    status = Int(field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)) ?? 0
                } else if !name.hasPrefix(":") {
                    names.append(name)
                }
            } else if line.hasPrefix("{") {
                body = String(line.prefix { $0 != "[" })
            }
        }
        return (status, names, body)
    }

    @Test func everyProfileEndpointAnswersAlikeOverEveryProtocol() throws {
        let server = try TestServer { $0.scheduler.preset = .instant }
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)/v1/phota/profiles"
        let json = ["-H", "Content-Type: application/json"]
        // add, over each protocol
        var ids: [String] = []
        for mode in ["--http1.1", "--http2-prior-knowledge", "--http2"] {
            let response = try self.curl(mode, json + ["--data-binary", Self.body, "\(base)/add"])
            #expect(response.statuses.last == 200, "\(mode)")
            #expect(response.versions.last == (mode == "--http1.1" ? "HTTP/1.1" : "HTTP/2"))
            #expect(response.names == ["date", "content-type", "content-length", "x-request-id"])
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String]
            ids.append(try #require(object?["profile_id"]))
        }
        let nghttpAdd = try self.nghttp([
            "-H", "content-type: application/json", "-d", try Tools.temporaryFile(Array(Self.body.utf8)), "\(base)/add",
        ])
        #expect(nghttpAdd.status == 200)
        #expect(nghttpAdd.names == ["date", "content-type", "content-length", "x-request-id"])
        #expect(nghttpAdd.body.hasPrefix(#"{"profile_id":""#))
        let id = ids[0]
        // status, ids, picture, a 404, a 422 and delete: the same answer over each protocol
        let requests: [([String], Int)] = [
            (["\(base)/\(id)/status"], 200),
            (["\(base)/ids?tag=h2"], 200),
            (["\(base)/\(id)/profile_picture"], 200),
            (["\(base)/dfc640f84d554263bc7849d46e7344a6/status"], 404),
            (["\(base)/ids?tag="], 422),
        ]
        for (arguments, status) in requests {
            let http1 = try self.curl("--http1.1", arguments)
            for mode in ["--http2-prior-knowledge", "--http2"] {
                let http2 = try self.curl(mode, arguments)
                #expect(http2.statuses.last == status, "\(mode) \(arguments)")
                #expect(http2.names == http1.names, "\(mode) \(arguments)")
                if status == 404 {
                    #expect(
                        http2.bodyText.hasPrefix(
                            #"{"detail":"Profile not found.","code":"PROFILE_NOT_FOUND","request_id":""#))
                } else {
                    #expect(http2.body == http1.body, "\(mode) \(arguments)")
                }
            }
            let viaNghttp = try self.nghttp(arguments)
            #expect(viaNghttp.status == status, "nghttp \(arguments)")
            #expect(viaNghttp.names == http1.names, "nghttp \(arguments)")
        }
        let picture = try self.curl("--http2-prior-knowledge", ["\(base)/\(id)/profile_picture"])
        #expect(picture.header("content-type") == "image/jpeg")
        #expect(Array(picture.body.prefix(2)) == [0xFF, 0xD8])
        // delete over HTTP/2, then it is gone over HTTP/1.1
        let deleted = try self.curl("--http2-prior-knowledge", ["-X", "DELETE", "\(base)/\(ids[1])"])
        #expect(deleted.statuses.last == 200)
        #expect(deleted.bodyText == #"{"profile_id":"\#(ids[1])","status":"ok"}"#)
        let deletedByUpgrade = try self.curl("--http2", ["-X", "DELETE", "\(base)/\(ids[2])"])
        #expect(deletedByUpgrade.statuses.last == 200)
        let gone = try self.curl("--http1.1", ["\(base)/\(ids[1])/status"])
        #expect(gone.statuses.last == 404)
        let listed = try self.curl("--http2-prior-knowledge", ["\(base)/ids?tag=h2"])
        let remaining = try JSONSerialization.jsonObject(with: Data(listed.body)) as? [String: [String]]
        #expect(remaining?["profiles"]?.count == 2)
        #expect(remaining?["profiles"]?.contains(ids[0]) == true)
    }
}
