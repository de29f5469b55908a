// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Health, readiness, the admin token, the loopback rule and bad admin bodies.
@Suite struct AdminAccessTests {
    static let ready = #"{"migrations":"done","scheduler":"running","status":"ready","storage":"ok"}"#
    static let unauthorized = "Missing or invalid admin token."
    static let disabled = "The admin API is served on non-loopback addresses only with --admin-token."

    @Test func healthAndReadinessNeedNoKey() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(try Admin.ok(server, "GET", "/_mock/health") == #"{"status":"ok"}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/ready") == Self.ready)
    }

    /// A request whose head the server has parsed (it answered `100 Continue`) before shutdown began is
    /// still answered, and readiness then reports the shutdown.
    @Test func readinessIs503OnceShutdownBegins() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send("GET /_mock/ready HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n")
        let interim = try #require(client.readResponse())
        #expect(interim.status == 100)
        server.app.shutdown()
        client.send("x")
        let response = try #require(client.readResponse())
        #expect(response.status == 503)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.header("Connection") == "close")
        #expect(
            response.bodyText == #"{"migrations":"done","scheduler":"stopping","status":"not_ready","storage":"ok"}"#)
        #expect(client.isClosedByPeer())
        server.app.wait()
    }

    @Test func readinessIs503WhenStorageFails() throws {
        let server = try TestServer()
        defer { server.stop() }
        server.app.storage.close()
        let response = try Admin.call(server, "GET", "/_mock/ready")
        #expect(response.status == 503)
        #expect(response.header("Content-Type") == "application/json")
        #expect(
            response.bodyText
                == #"{"migrations":"unknown","scheduler":"running","status":"not_ready","storage":"unavailable"}"#)
        // The process still serves: health stays ok.
        #expect(try Admin.ok(server, "GET", "/_mock/health") == #"{"status":"ok"}"#)
    }

    @Test func tokenIsRequiredForEverythingButHealthAndReadiness() throws {
        let server = try TestServer { $0.adminToken = "s3cret" }
        defer { server.stop() }
        for headers in [
            [], [("X-Admin-Token", "wrong")], [("Authorization", "Bearer wrong")], [("Authorization", "s3cret")],
        ] {
            for (method, target) in [
                ("GET", "/_mock/clock"), ("POST", "/_mock/reset"), ("GET", "/_mock/metrics"), ("GET", "/_mock/faults"),
            ] {
                let response = try Admin.call(server, method, target, headers: headers)
                Profiles.expectError(response, status: 401, code: "ADMIN_UNAUTHORIZED", detail: Self.unauthorized)
                #expect(response.header("WWW-Authenticate") == #"Bearer realm="phota-mock admin""#)
            }
        }
        #expect(try Admin.ok(server, "GET", "/_mock/health") == #"{"status":"ok"}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/ready") == Self.ready)
        #expect(
            try Admin.ok(server, "POST", "/_mock/reset", headers: [("X-Admin-Token", "s3cret")]) == #"{"reset":"all"}"#)
        #expect(
            try Admin.ok(server, "GET", "/_mock/faults", headers: [("Authorization", "Bearer s3cret")])
                == #"{"faults":[]}"#)
        // The authentication scheme is case-insensitive (RFC 9110 §11.1).
        #expect(
            try Admin.ok(server, "GET", "/_mock/faults", headers: [("Authorization", "bearer s3cret")])
                == #"{"faults":[]}"#)
        #expect(
            try Admin.ok(server, "GET", "/_mock/faults", headers: [("Authorization", "BEARER s3cret")])
                == #"{"faults":[]}"#)
        // The Phota API itself is not behind the admin token.
        #expect(try Profiles.get(server, "/v1/phota/profiles/ids", key: "k").bodyText == #"{"profiles":[]}"#)
    }

    /// The admin document describes the API and holds no state: open like health, with or without a token.
    @Test func adminDocumentNeedsNoToken() throws {
        let withToken = try TestServer { $0.adminToken = "s3cret" }
        defer { withToken.stop() }
        let disabled = try TestServer { $0.http.host = "0.0.0.0" }
        defer { disabled.stop() }
        for server in [withToken, disabled] {
            let response = try Admin.call(server, "GET", "/_mock/openapi.json")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.bodyText.hasPrefix("{"))
        }
        Profiles.expectError(
            try Admin.call(withToken, "GET", "/_mock/clock"), status: 401, code: "ADMIN_UNAUTHORIZED",
            detail: Self.unauthorized)
    }

    @Test func nonLoopbackAddressWithoutTokenDisablesTheAdminAPI() throws {
        let server = try TestServer { $0.http.host = "0.0.0.0" }
        defer { server.stop() }
        for (method, target) in [
            ("GET", "/_mock/clock"), ("POST", "/_mock/reset"), ("GET", "/_mock/journal"),
            ("POST", "/_mock/clock/freeze"),
        ] {
            Profiles.expectError(
                try Admin.call(server, method, target), status: 403, code: "ADMIN_DISABLED", detail: Self.disabled)
        }
        #expect(try Admin.ok(server, "GET", "/_mock/health") == #"{"status":"ok"}"#)
        #expect(try Admin.ok(server, "GET", "/_mock/ready") == Self.ready)
        // Nothing was frozen by the refused call.
        #expect(server.app.scheduler.clock.isRunning)
    }

    @Test func nonLoopbackAddressWithTokenServesTheAdminAPI() throws {
        let server = try TestServer {
            $0.http.host = "0.0.0.0"
            $0.adminToken = "t"
        }
        defer { server.stop() }
        Profiles.expectError(
            try Admin.call(server, "GET", "/_mock/faults"), status: 401, code: "ADMIN_UNAUTHORIZED",
            detail: Self.unauthorized)
        #expect(try Admin.ok(server, "GET", "/_mock/faults", headers: [("X-Admin-Token", "t")]) == #"{"faults":[]}"#)
    }

    @Test func badAdminBodiesAre400WithThePhotaErrorBody() throws {
        let server = try TestServer { $0.frozenClock = true }
        defer { server.stop() }
        let cases: [(String, String, String?, String)] = [
            ("POST", "/_mock/clock/advance", nil, "a JSON body is required"),
            (
                "POST", "/_mock/clock/advance", "{}",
                "give seconds or milliseconds, not negative, at most 1000000000000000 ms"
            ),
            (
                "POST", "/_mock/clock/advance", #"{"seconds":-1}"#,
                "give seconds or milliseconds, not negative, at most 1000000000000000 ms"
            ),
            ("POST", "/_mock/clock/scale", #"{"scale":0}"#, "scale must be > 0 and at most 1000000"),
            ("POST", "/_mock/clock/scale", #"{}"#, "missing field scale"),
            ("POST", "/_mock/clock/set", #"{"now":0}"#, "the clock only moves forward"),
            ("POST", "/_mock/profiles", #"{"count":2}"#, "missing field api_key"),
            ("POST", "/_mock/profiles", #"{"api_key":"k","count":0}"#, "count must be between 1 and 1000"),
            ("POST", "/_mock/profiles", #"{"api_key":"k","count":1001}"#, "count must be between 1 and 1000"),
            ("POST", "/_mock/profiles", #"{"api_key":""}"#, "api_key is required"),
            (
                "POST", "/_mock/profiles", #"{"api_key":"k","status":"DONE"}"#,
                "status must be one of VALIDATING, QUEUING, IN_PROGRESS, READY, ERROR, INACTIVE"
            ),
            (
                "POST", "/_mock/profiles", #"{"api_key":"k","training_tier":"slow"}"#,
                "training_tier must be standard or fast"
            ),
            ("POST", "/_mock/profiles", #"{"api_key":"k","tag":""}"#, "tag must have 1 to 128 characters"),
            (
                "PUT", "/_mock/credits/k", #"{"balance":-1}"#,
                "balance must be a non-negative number or null, at most 1000000000000"
            ),
            ("GET", "/_mock/journal?limit=0", nil, "limit must be a positive integer"),
            ("GET", "/_mock/journal?status=ok", nil, "status must be an integer"),
            ("GET", "/_mock/journal/count?since=yesterday", nil, "since must be epoch milliseconds"),
            (
                "POST", "/_mock/faults", #"{"path":"/v1/phota/**"}"#,
                "Invalid fault rule: a rule needs a latency, an action, or both."
            ),
            (
                "POST", "/_mock/faults", #"{"times":0,"action":{"type":"empty"}}"#,
                "Invalid fault rule: times must be at least 1."
            ),
            (
                "POST", "/_mock/faults", #"{"probability":1.5,"action":{"type":"empty"}}"#,
                "Invalid fault rule: probability must be between 0 and 1."
            ),
            (
                "POST", "/_mock/faults", #"{"action":{"type":"explode"}}"#,
                "invalid JSON body: unknown action type explode; use error, reset, empty or truncate"
            ),
            (
                "POST", "/_mock/faults", #"{"action":{"type":"error","status":200}}"#,
                "invalid JSON body: status must be 400–599"
            ),
            (
                "POST", "/_mock/faults", #"{"latency":{"type":"gaussian"}}"#,
                "invalid JSON body: unknown latency type gaussian; use fixed, uniform or lognormal"
            ),
            ("POST", "/_mock/fixtures", #"{"accounts":[{"balance":1}]}"#, "every account needs an api_key"),
            // Numbers too large to use are refused, never trapped on.
            (
                "POST", "/_mock/clock/advance", #"{"seconds":1e300}"#,
                "give seconds or milliseconds, not negative, at most 1000000000000000 ms"
            ),
            (
                "POST", "/_mock/clock/advance", #"{"milliseconds":9223372036854775807}"#,
                "give seconds or milliseconds, not negative, at most 1000000000000000 ms"
            ),
            (
                "PUT", "/_mock/credits/k", #"{"balance":1e300}"#,
                "balance must be a non-negative number or null, at most 1000000000000"
            ),
            (
                "POST", "/_mock/faults", #"{"latency":{"type":"fixed","ms":1e300}}"#,
                "Invalid fault rule: latency values must be finite, non-negative and at most 600000 ms."
            ),
            (
                "POST", "/_mock/faults", #"{"latency":{"type":"uniform","min_ms":-5,"max_ms":5}}"#,
                "Invalid fault rule: latency values must be finite, non-negative and at most 600000 ms."
            ),
            (
                "POST", "/_mock/faults", #"{"latency":{"type":"lognormal","median_ms":100,"sigma":1e6}}"#,
                "Invalid fault rule: latency sigma must be between 0 and 10."
            ),
        ]
        for (method, target, body, detail) in cases {
            Admin.expectBad(try Admin.call(server, method, target, body: body), detail)
        }
        let force = try Admin.create(server, #"{"api_key":"k","status":"VALIDATING"}"#)[0]
        Admin.expectBad(
            try Admin.call(server, "POST", "/_mock/profiles/\(force)/force", body: #"{"status":"QUEUING"}"#),
            "status must be READY, ERROR or INACTIVE"
        )
        // Malformed JSON and wrong types name the problem; the text after the colon is the decoder's.
        for body in ["{", #"{"milliseconds":"5"}"#] {
            let response = try Admin.call(server, "POST", "/_mock/clock/advance", body: body)
            #expect(response.status == 400)
            let object = try Admin.object(response.bodyText)
            #expect(object["code"] as? String == "BAD_REQUEST")
            #expect(object["request_id"] as? String == response.header("X-Request-Id"))
            let detail = try #require(object["detail"] as? String)
            #expect(detail.hasPrefix(body == "{" ? "invalid JSON body" : "wrong type at milliseconds: "), "\(detail)")
        }
        // Unknown profiles and rules are 404s.
        Profiles.expectError(
            try Admin.call(server, "GET", "/_mock/profiles/0123456789abcdef0123456789abcdef"), status: 404,
            code: "PROFILE_NOT_FOUND",
            detail: "Profile not found."
        )
        Profiles.expectError(
            try Admin.call(server, "POST", "/_mock/profiles/nope/force", body: #"{"status":"READY"}"#), status: 404,
            code: "PROFILE_NOT_FOUND", detail: "Profile not found."
        )
        Profiles.expectError(
            try Admin.call(server, "DELETE", "/_mock/faults/fault-9"), status: 404, code: "NOT_FOUND",
            detail: "No fault rule fault-9.")
        // Nothing moved.
        #expect(try Admin.ok(server, "GET", "/_mock/faults") == #"{"faults":[]}"#)
    }
}
