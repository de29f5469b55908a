// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Keys, tokens and filters are compared by their exact bytes: no two spellings reach one account.
@Suite struct ExactKeyTests {
    /// One request whose `X-API-Key` field values are raw bytes (several values: several fields).
    static func raw(
        _ server: TestServer, _ method: String, _ path: String, keys: [[UInt8]], body: String? = nil
    ) throws -> RawResponse {
        let client = try server.client()
        var bytes = Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8)
        for key in keys { bytes += Array("X-API-Key: ".utf8) + key + [0x0D, 0x0A] }
        if let body { bytes += Array("Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n".utf8) }
        bytes += Array("\r\n".utf8) + Array((body ?? "").utf8)
        client.send(bytes)
        return try #require(client.readResponse())
    }

    static let unauthorized = "Missing or invalid API key in the X-API-Key header."

    @Test func keysThatAreNotVisibleASCIIAreRefusedAndReachNoAccount() throws {
        let server = try TestServer()
        defer { server.stop() }
        let victim = try Profiles.add(server, key: "victim-")
        let kelvin = try Profiles.add(server, key: "K")
        // Each of these once read as the same account (invalid bytes decoded to U+FFFD), or as "K" (canonical
        // equivalence), or as another spelling of a key with an accent.
        let spellings: [[UInt8]] = [
            Array("victim-".utf8) + [0xFF], Array("victim-".utf8) + [0xFE], Array("victim-".utf8) + [0x80],
            Array("victim-\u{FFFD}".utf8), Array("\u{212A}".utf8), Array("caf\u{E9}".utf8), Array("cafe\u{301}".utf8),
            Array("a b".utf8), Array("a\tb".utf8),
        ]
        for key in spellings {
            for (method, path) in [
                ("GET", "/v1/phota/profiles/ids"), ("GET", "/v1/phota/profiles/\(victim)/status"),
                ("DELETE", "/v1/phota/profiles/\(kelvin)"),
            ] {
                let response = try Self.raw(server, method, path, keys: [key])
                Profiles.expectError(response, status: 401, code: "UNAUTHORIZED", detail: Self.unauthorized)
            }
            let add = try Self.raw(
                server, "POST", "/v1/phota/profiles/add", keys: [key],
                body: Profiles.addBody(urls: Profiles.urls(5), tier: "fast"))
            Profiles.expectError(add, status: 401, code: "UNAUTHORIZED", detail: Self.unauthorized)
        }
        #expect(
            try Profiles.get(server, "/v1/phota/profiles/ids", key: "victim-").bodyText
                == #"{"profiles":["\#(victim)"]}"#)
        #expect(
            try Profiles.get(server, "/v1/phota/profiles/ids", key: "K").bodyText == #"{"profiles":["\#(kelvin)"]}"#)
        #expect(try Profiles.get(server, "/v1/phota/profiles/ids", key: "k").bodyText == #"{"profiles":[]}"#)
    }

    @Test func theFirstOfTwoKeyFieldsActsAsStarletteReadsIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let add = try Self.raw(
            server, "POST", "/v1/phota/profiles/add", keys: [Array("first".utf8), Array("second".utf8)],
            body: Profiles.addBody(urls: Profiles.urls(5), tier: "fast"))
        #expect(add.status == 200)
        let id = try #require(try JSONSerialization.jsonObject(with: Data(add.body)) as? [String: String])["profile_id"]
        #expect(
            try Profiles.get(server, "/v1/phota/profiles/ids", key: "first").bodyText
                == #"{"profiles":["\#(id ?? "")"]}"#)
        #expect(try Profiles.get(server, "/v1/phota/profiles/ids", key: "second").bodyText == #"{"profiles":[]}"#)
        // A malformed first field is not rescued by a good second one.
        let refused = try Self.raw(server, "GET", "/v1/phota/profiles/ids", keys: [[0xFF], Array("first".utf8)])
        Profiles.expectError(refused, status: 401, code: "UNAUTHORIZED", detail: Self.unauthorized)
    }

    @Test func faultRulesAndJournalFiltersMatchKeysByTheirBytes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let rule = try Admin.call(
            server, "POST", "/_mock/faults", body: #"{"api_key":"caf\u00e9","action":{"type":"error","status":503}}"#)
        Profiles.expectError(
            rule, status: 400, code: "BAD_REQUEST",
            detail: "Invalid fault rule: api_key must be one or more visible ASCII characters (0x21-0x7E).")
        try Admin.ok(
            server, "POST", "/_mock/faults", body: #"{"api_key":"K","times":1,"action":{"type":"error","status":503}}"#)
        // The Kelvin sign is no `K`: the rule stays armed and the request is simply unauthorized.
        let kelvin = try Self.raw(server, "GET", "/v1/phota/profiles/ids", keys: [Array("\u{212A}".utf8)])
        Profiles.expectError(kelvin, status: 401, code: "UNAUTHORIZED", detail: Self.unauthorized)
        #expect(try Profiles.get(server, "/v1/phota/profiles/ids", key: "K").status == 503)
        #expect(try Profiles.get(server, "/v1/phota/profiles/ids", key: "K").status == 200)
        // Journal: the requests made with "K" are found under "K" and under no other spelling; the Kelvin request
        // presented no well-formed key, so it is recorded without one.
        #expect(try Admin.ok(server, "GET", "/_mock/journal/count?api_key=K") == #"{"count":2}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/journal/count?api_key=%E2%84%AA") == #"{"count":0}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/journal/count?api_key=k") == #"{"count":0}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/journal/count") == #"{"count":3}"#)
        let entries = try Admin.object(try Admin.ok(server, "GET", "/_mock/journal"))["entries"] as? [[String: Any]]
        #expect(entries?.map { $0["api_key"] as? String } == [nil, "K", "K"])
        // A rule's method is raised to upper case in ASCII only: "ſ" (long s) does not become "S".
        try Admin.ok(
            server, "POST", "/_mock/faults", body: #"{"method":"po\u017ft","action":{"type":"error","status":503}}"#)
        #expect(try Profiles.get(server, "/v1/phota/profiles/ids", key: "K").status == 200)
        let add = try #require(
            try server.request(
                "POST", "/v1/phota/profiles/add", headers: [("X-API-Key", "K"), Profiles.json],
                body: Profiles.addBody(urls: Profiles.urls(5), tier: "fast")))
        #expect(add.status == 200)
    }

    @Test func theAdminAPIRefusesAccountKeysNoRequestCouldPresent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let detail = "api_key must be one or more visible ASCII characters (0x21-0x7E)"
        let calls: [(String, String, String?)] = [
            ("POST", "/_mock/profiles", #"{"api_key":"caf\u00e9","count":1}"#),
            ("POST", "/_mock/profiles", #"{"api_key":"a b","count":1}"#),
            ("GET", "/_mock/credits/caf%C3%A9", nil),
            ("PUT", "/_mock/credits/%E2%84%AA", #"{"balance":1}"#),
            ("POST", "/_mock/reset", #"{"api_key":"\u212a"}"#),
            ("POST", "/_mock/reset?api_key=%FF", nil),
            ("GET", "/_mock/clock?api_key=caf%C3%A9", nil),
            ("POST", "/_mock/clock/advance", #"{"seconds":1,"api_key":"\u212a"}"#),
            ("POST", "/_mock/fixtures", #"{"accounts":[{"api_key":"\u212a","balance":1}]}"#),
        ]
        for (method, target, body) in calls {
            let response = try Admin.call(server, method, target, body: body)
            Profiles.expectError(response, status: 400, code: "BAD_REQUEST", detail: detail)
        }
        #expect(try Admin.ok(server, "GET", "/_mock/clock?api_key=K").contains(#""offset_ms":0"#))
    }

    @Test func theAdminTokenIsComparedByItsBytes() throws {
        let server = try TestServer { $0.adminToken = "K-token" }
        defer { server.stop() }
        let refusals: [(String, String)] = [
            ("X-Admin-Token", "\u{212A}-token"), ("Authorization", "Bearer \u{212A}-token"),
            ("Authorization", "bearer k-token"),
            ("Authorization", "Bearer\u{A0}K-token"),
        ]
        for header in refusals {
            let response = try Admin.call(server, "GET", "/_mock/clock", headers: [header])
            #expect(response.status == 401, "\(header)")
        }
        #expect(try Admin.call(server, "GET", "/_mock/clock", headers: [("X-Admin-Token", "K-token")]).status == 200)
        #expect(
            try Admin.call(server, "GET", "/_mock/clock", headers: [("Authorization", "BEARER K-token")]).status == 200)
    }
}
