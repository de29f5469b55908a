// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// `/v1/phota` routes as the FastAPI app behind the Phota API routes them (recorded in
/// `fixtures/routing/`), through the live server; `/_mock` keeps the HTTP layer's own rules.
@Suite struct FastAPIRoutingTests {
    @Test func malformedQueryEscapesAreLiteralText() throws {
        let server = try TestServer()
        defer { server.stop() }
        let created = try #require(
            try server.request(
                "POST", "/_mock/profiles", body: #"{"api_key":"k","count":1,"status":"READY","tag":"%ZZ"}"#
            ))
        #expect(created.status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: [String]])
        let id = try #require(object["profile_ids"]?.first)
        #expect(
            try Profiles.get(server, "/v1/phota/profiles/ids?tag=%ZZ", key: "k").bodyText == #"{"profiles":["\#(id)"]}"#
        )
        #expect(
            try Profiles.get(server, "/v1/phota/profiles/ids?tag=%25ZZ", key: "k").bodyText
                == #"{"profiles":["\#(id)"]}"#)
        #expect(try Profiles.get(server, "/v1/phota/profiles/ids?tag=%", key: "k").bodyText == #"{"profiles":[]}"#)
    }

    @Test func malformedPathEscapesReachTheHandler() throws {
        let server = try TestServer()
        defer { server.stop() }
        for path in ["/v1/phota/profiles/%ZZ/status", "/v1/phota/profiles/a%2Fb/status"] {
            Profiles.expectError(
                try Profiles.get(server, path, key: "k"), status: 404, code: "PROFILE_NOT_FOUND",
                detail: "Profile not found.")
        }
        // Under /_mock a malformed escape is still a 400 that closes the connection.
        let client = try server.client()
        client.send("GET /_mock/health?x=%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 400)
        #expect(response.header("Connection") == "close")
    }

    @Test func trailingSlashIs307ToThePathWithout() throws {
        let server = try TestServer()
        defer { server.stop() }
        let body = Profiles.addBody(urls: Profiles.urls(5), tier: "fast")
        let response = try #require(
            try server.request(
                "POST", "/v1/phota/profiles/add/?x=%ZZ", headers: [("X-API-Key", "k"), Profiles.json], body: body
            ))
        #expect(response.status == 307)
        #expect(response.reason == "Temporary Redirect")
        #expect(response.header("Location") == "http://127.0.0.1/v1/phota/profiles/add?x=%ZZ")
        #expect(response.header("Content-Length") == "0")
        #expect(response.header("Content-Type") == nil)
        #expect(response.body.isEmpty)
        let ids = try Profiles.get(server, "/v1/phota/profiles/ids", key: "k")
        #expect(ids.bodyText == #"{"profiles":[]}"#)  // the redirected request created nothing
        let status = try Profiles.get(server, "/v1/phota/profiles/0123/status/", key: nil)
        #expect(status.status == 307)
        #expect(status.header("Location") == "http://127.0.0.1/v1/phota/profiles/0123/status")
        #expect(try Profiles.get(server, "/_mock/health/", key: nil).status == 404)
    }

    @Test func headOnAnAPIRouteIs405ButWorksUnderMock() throws {
        let server = try TestServer()
        defer { server.stop() }
        let head = try #require(try server.request("HEAD", "/v1/phota/profiles/ids", headers: [("X-API-Key", "k")]))
        #expect(head.status == 405)
        #expect(head.header("Allow") == "GET")
        #expect(head.body.isEmpty)
        let wrong = try #require(try server.request("PUT", "/v1/phota/profiles/ids", headers: [("X-API-Key", "k")]))
        #expect(wrong.header("Allow") == "GET")
        #expect(head.header("Content-Length") == String(wrong.body.count))
        #expect(try #require(try server.request("HEAD", "/v1/phota/openapi.json")).status == 200)
        let mock = try #require(try server.request("HEAD", "/_mock/health"))
        #expect(mock.status == 200)
        #expect(mock.header("Content-Length") == "15")
    }
}
