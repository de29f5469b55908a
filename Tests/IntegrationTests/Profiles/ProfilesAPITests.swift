// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// The profile endpoints through a live server on a frozen clock (default preset: fast tier validates
/// 0.5 s, queues at least 0.5 s, trains 1.5 s).
@Suite struct ProfilesAPITests {
    let server: TestServer

    init() throws {
        self.server = try TestServer { $0.frozenClock = true }
    }

    private func advance(ms: Int64) {
        self.server.app.scheduler.clock.advance(by: ms)
    }

    @Test func addedProfilePassesEveryPhaseInOrder() throws {
        defer { self.server.stop() }
        let id = try Profiles.add(self.server, key: "k1")
        let path = "/v1/phota/profiles/\(id)/status"
        Profiles.expectStatus(try Profiles.get(self.server, path, key: "k1"), id: id, status: "VALIDATING")
        self.advance(ms: 499)
        Profiles.expectStatus(try Profiles.get(self.server, path, key: "k1"), id: id, status: "VALIDATING")
        self.advance(ms: 1)
        Profiles.expectStatus(try Profiles.get(self.server, path, key: "k1"), id: id, status: "QUEUING")
        self.advance(ms: 500)
        Profiles.expectStatus(try Profiles.get(self.server, path, key: "k1"), id: id, status: "IN_PROGRESS")
        self.advance(ms: 1499)
        Profiles.expectStatus(try Profiles.get(self.server, path, key: "k1"), id: id, status: "IN_PROGRESS")
        self.advance(ms: 1)
        Profiles.expectStatus(try Profiles.get(self.server, path, key: "k1"), id: id, status: "READY")
    }

    @Test func missingOrEmptyKeyIs401() throws {
        defer { self.server.stop() }
        for key in [nil, ""] as [String?] {
            let response = try Profiles.get(self.server, "/v1/phota/profiles/ids", key: key)
            Profiles.expectError(
                response, status: 401, code: "UNAUTHORIZED",
                detail: "Missing or invalid API key in the X-API-Key header.")
        }
        let add = try #require(
            try self.server.request("POST", "/v1/phota/profiles/add", headers: [Profiles.json], body: "{}"))
        Profiles.expectError(
            add, status: 401, code: "UNAUTHORIZED", detail: "Missing or invalid API key in the X-API-Key header.")
    }

    @Test func keysAreIsolatedAccounts() throws {
        defer { self.server.stop() }
        let mine = try Profiles.add(self.server, key: "alice", tag: "t")
        let theirs = try Profiles.add(self.server, key: "bob", tag: "t")
        #expect(
            try Profiles.get(self.server, "/v1/phota/profiles/ids", key: "alice").bodyText
                == #"{"profiles":["\#(mine)"]}"#)
        #expect(
            try Profiles.get(self.server, "/v1/phota/profiles/ids?tag=t", key: "bob").bodyText
                == #"{"profiles":["\#(theirs)"]}"#)
        for path in ["/v1/phota/profiles/\(theirs)/status", "/v1/phota/profiles/\(theirs)/profile_picture"] {
            Profiles.expectError(
                try Profiles.get(self.server, path, key: "alice"), status: 404, code: "PROFILE_NOT_FOUND",
                detail: "Profile not found.")
        }
        let delete = try #require(
            try self.server.request("DELETE", "/v1/phota/profiles/\(theirs)", headers: [("X-API-Key", "alice")]))
        Profiles.expectError(delete, status: 404, code: "PROFILE_NOT_FOUND", detail: "Profile not found.")
        Profiles.expectStatus(
            try Profiles.get(self.server, "/v1/phota/profiles/\(theirs)/status", key: "bob"), id: theirs,
            status: "VALIDATING")
    }

    @Test func idsFilterByTagInCreationOrder() throws {
        defer { self.server.stop() }
        let first = try Profiles.add(self.server, key: "k", tag: "user_a")
        let second = try Profiles.add(self.server, key: "k", tag: "user_b")
        let third = try Profiles.add(self.server, key: "k", tag: "user_a")
        let untagged = try Profiles.add(self.server, key: "k")
        #expect(
            try Profiles.get(self.server, "/v1/phota/profiles/ids?tag=user_a", key: "k").bodyText
                == #"{"profiles":["\#(first)","\#(third)"]}"#)
        #expect(
            try Profiles.get(self.server, "/v1/phota/profiles/ids?tag=user%5Fb", key: "k").bodyText
                == #"{"profiles":["\#(second)"]}"#)
        #expect(
            try Profiles.get(self.server, "/v1/phota/profiles/ids?tag=nobody", key: "k").bodyText == #"{"profiles":[]}"#
        )
        #expect(
            try Profiles.get(self.server, "/v1/phota/profiles/ids", key: "k").bodyText
                == #"{"profiles":["\#(first)","\#(second)","\#(third)","\#(untagged)"]}"#
        )
    }

    @Test func tagQueryIsValidatedLikeFastAPI() throws {
        defer { self.server.stop() }
        let empty = try Profiles.get(self.server, "/v1/phota/profiles/ids?tag=", key: "k")
        #expect(empty.status == 422)
        #expect(
            empty.bodyText
                == #"{"detail":[{"type":"string_too_short","loc":["query","tag"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}}]}"#
        )
        let long = String(repeating: "x", count: 129)
        let tooLong = try Profiles.get(self.server, "/v1/phota/profiles/ids?tag=\(long)", key: "k")
        #expect(tooLong.status == 422)
        #expect(
            tooLong.bodyText
                == #"{"detail":[{"type":"string_too_long","loc":["query","tag"],"msg":"String should have at most 128 characters","input":"\#(long)","ctx":{"max_length":128}}]}"#
        )
    }

    @Test func pictureIsNotReadyUntilReadyThenAJPEG() throws {
        defer { self.server.stop() }
        let id = try Profiles.add(self.server, key: "k")
        let path = "/v1/phota/profiles/\(id)/profile_picture"
        Profiles.expectError(
            try Profiles.get(self.server, path, key: "k"), status: 404, code: "PROFILE_NOT_READY",
            detail: "Profile is not ready.")
        self.advance(ms: 2500)
        let picture = try Profiles.get(self.server, path, key: "k")
        #expect(picture.status == 200)
        #expect(picture.header("Content-Type") == "image/jpeg")
        #expect(picture.header("Content-Length") == String(picture.body.count))
        #expect(Array(picture.body.prefix(3)) == [0xFF, 0xD8, 0xFF])
        #expect(Array(picture.body.suffix(2)) == [0xFF, 0xD9])
        #expect(try JPEGCheck.decodedSize(picture.body) == "256 256")
    }

    @Test func deleteIsPermanent() throws {
        defer { self.server.stop() }
        let id = try Profiles.add(self.server, key: "k", tag: "gone")
        let delete = try #require(
            try self.server.request("DELETE", "/v1/phota/profiles/\(id)", headers: [("X-API-Key", "k")]))
        #expect(delete.status == 200)
        #expect(delete.bodyText == #"{"profile_id":"\#(id)","status":"ok"}"#)
        Profiles.expectError(
            try Profiles.get(self.server, "/v1/phota/profiles/\(id)/status", key: "k"), status: 404,
            code: "PROFILE_NOT_FOUND", detail: "Profile not found.")
        Profiles.expectError(
            try Profiles.get(self.server, "/v1/phota/profiles/\(id)/profile_picture", key: "k"), status: 404,
            code: "PROFILE_NOT_FOUND", detail: "Profile not found.")
        #expect(
            try Profiles.get(self.server, "/v1/phota/profiles/ids?tag=gone", key: "k").bodyText == #"{"profiles":[]}"#)
        let again = try #require(
            try self.server.request("DELETE", "/v1/phota/profiles/\(id)", headers: [("X-API-Key", "k")]))
        Profiles.expectError(again, status: 404, code: "PROFILE_NOT_FOUND", detail: "Profile not found.")
        self.advance(ms: 10_000)
        Profiles.expectError(
            try Profiles.get(self.server, "/v1/phota/profiles/\(id)/status", key: "k"), status: 404,
            code: "PROFILE_NOT_FOUND", detail: "Profile not found.")
    }

    @Test func unknownProfileIs404() throws {
        defer { self.server.stop() }
        let response = try Profiles.get(
            self.server, "/v1/phota/profiles/dfc640f84d554263bc7849d46e7344a6/status", key: "k")
        Profiles.expectError(response, status: 404, code: "PROFILE_NOT_FOUND", detail: "Profile not found.")
    }

    @Test func storageFailureIs500WithPhotaBody() throws {
        defer { self.server.stop() }
        self.server.app.storage.close()
        let response = try Profiles.get(self.server, "/v1/phota/profiles/ids", key: "k")
        Profiles.expectError(response, status: 500, code: "INTERNAL_ERROR", detail: "Internal server error.")
    }
}

/// Decodes a JPEG with libjpeg's `djpeg` (installed by the test script) and reports its size line.
enum JPEGCheck {
    static func decodedSize(_ jpeg: [UInt8]) throws -> String {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("phota-\(UUID().uuidString).jpg")
        try Data(jpeg).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/djpeg")
        process.arguments = ["-pnm", input.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return "djpeg failed" }
        // PPM header: "P6\n256 256\n255\n"
        let header = String(decoding: data.prefix(20), as: UTF8.self).split(separator: "\n")
        return header.count > 1 ? String(header[1]) : ""
    }
}
