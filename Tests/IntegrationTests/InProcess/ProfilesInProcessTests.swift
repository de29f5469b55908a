// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// The profile endpoints through the application's responder, without a socket, on a frozen clock
/// (default preset: fast tier validates 0.5 s, queues at least 0.5 s, trains 1.5 s). The same
/// assertions as `ProfilesAPITests`, through the same helpers.
@Suite struct ProfilesInProcessTests {
    let app: InProcessApp

    init() throws {
        self.app = try InProcessApp { $0.frozenClock = true }
    }

    @Test func addStatusIdsPictureDeleteWithExactBodies() throws {
        defer { self.app.stop() }
        let id = try Profiles.add(self.app, key: "k", tag: "user_a")
        let status = "/v1/phota/profiles/\(id)/status"
        let picture = "/v1/phota/profiles/\(id)/profile_picture"
        Profiles.expectStatus(try Profiles.get(self.app, status, key: "k"), id: id, status: "VALIDATING")
        #expect(
            try Profiles.get(self.app, "/v1/phota/profiles/ids?tag=user%5Fa", key: "k").bodyText
                == #"{"profiles":["\#(id)"]}"#)
        #expect(
            try Profiles.get(self.app, "/v1/phota/profiles/ids?tag=user_b", key: "k").bodyText == #"{"profiles":[]}"#)
        Profiles.expectError(
            try Profiles.get(self.app, picture, key: "k"), status: 404, code: "PROFILE_NOT_READY",
            detail: "Profile is not ready.")

        self.app.app.scheduler.clock.advance(by: 2500)
        Profiles.expectStatus(try Profiles.get(self.app, status, key: "k"), id: id, status: "READY")
        let jpeg = try Profiles.get(self.app, picture, key: "k")
        #expect(jpeg.status == 200)
        #expect(jpeg.header("Content-Type") == "image/jpeg")
        #expect(jpeg.header("Content-Length") == String(jpeg.body.count))
        #expect(Array(jpeg.body.prefix(3)) == [0xFF, 0xD8, 0xFF])
        #expect(Array(jpeg.body.suffix(2)) == [0xFF, 0xD9])

        let delete = try #require(
            try self.app.request("DELETE", "/v1/phota/profiles/\(id)", headers: [("X-API-Key", "k")]))
        #expect(delete.status == 200)
        #expect(delete.bodyText == #"{"profile_id":"\#(id)","status":"ok"}"#)
        Profiles.expectError(
            try Profiles.get(self.app, status, key: "k"), status: 404, code: "PROFILE_NOT_FOUND",
            detail: "Profile not found.")
        #expect(try Profiles.get(self.app, "/v1/phota/profiles/ids", key: "k").bodyText == #"{"profiles":[]}"#)
    }

    @Test func emptyTagIsTheFastAPI422Body() throws {
        defer { self.app.stop() }
        let empty = try Profiles.get(self.app, "/v1/phota/profiles/ids?tag=", key: "k")
        #expect(empty.status == 422)
        #expect(empty.header("Content-Type") == "application/json")
        #expect(
            empty.bodyText
                == #"{"detail":[{"type":"string_too_short","loc":["query","tag"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}}]}"#
        )
    }

    @Test func missingOrEmptyKeyIs401() throws {
        defer { self.app.stop() }
        for key in [nil, ""] as [String?] {
            let response = try Profiles.get(self.app, "/v1/phota/profiles/ids", key: key)
            Profiles.expectError(
                response, status: 401, code: "UNAUTHORIZED",
                detail: "Missing or invalid API key in the X-API-Key header.")
        }
        let add = try #require(
            try self.app.request("POST", "/v1/phota/profiles/add", headers: [Profiles.json], body: "{}"))
        Profiles.expectError(
            add, status: 401, code: "UNAUTHORIZED", detail: "Missing or invalid API key in the X-API-Key header.")
    }

    @Test func unknownProfileIs404() throws {
        defer { self.app.stop() }
        let response = try Profiles.get(
            self.app, "/v1/phota/profiles/dfc640f84d554263bc7849d46e7344a6/status", key: "k")
        Profiles.expectError(response, status: 404, code: "PROFILE_NOT_FOUND", detail: "Profile not found.")
    }
}
