// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Identities in studio calls: `[[id]]` in the prompt and `profile_ids`, merged; unknown, foreign and
/// unfinished profiles refused with 404; `known_subjects.counts` and the description list the merged ids.
@Suite struct StudioProfileTests {
    @Test func anUnknownProfileIs404() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let unknown = "0123456789abcdef0123456789abcdef"
        let responses = [
            try Studio.post(server, "generate", body: #"{"prompt":"a photo of [[\#(unknown)]]"}"#),
            try Studio.post(
                server, "edit", body: #"{"images":["https://example.com/a.jpg"],"profile_ids":["\#(unknown)"]}"#),
            try Studio.post(
                server, "enhance", body: #"{"image":"https://example.com/a.jpg","profile_ids":["\#(unknown)"]}"#),
            try Studio.post(
                server, "remix",
                body:
                    #"{"input_image":"https://example.com/a.jpg","reference_image":"https://example.com/b.jpg","prompt":"[[\#(unknown)]]"}"#
            ),
        ]
        for response in responses {
            Studio.expectError(response, status: 404, code: "PROFILE_NOT_FOUND", detail: "Profile not found.")
        }
    }

    @Test func anotherKeysReadyProfileIs404() throws {
        let server = try Studio.server { $0.scheduler.preset = .instant }
        defer { server.stop() }
        let theirs = try Studio.readyProfile(server, key: "alice")
        try Studio.expectOK(
            try Studio.post(server, "generate", key: "alice", body: #"{"prompt":"[[\#(theirs)]]"}"#),
            counts: [(theirs, 1)], images: 1)
        Studio.expectError(
            try Studio.post(server, "generate", key: "bob", body: #"{"prompt":"[[\#(theirs)]]"}"#), status: 404,
            code: "PROFILE_NOT_FOUND", detail: "Profile not found.")
        Studio.expectError(
            try Studio.post(
                server, "edit", key: "bob",
                body: #"{"images":["https://example.com/a.jpg"],"profile_ids":["\#(theirs)"]}"#),
            status: 404, code: "PROFILE_NOT_FOUND", detail: "Profile not found.")
    }

    @Test func aProfileNotYetReadyIs404NotReady() throws {
        // A frozen clock keeps the new profile in VALIDATING.
        let server = try Studio.server { $0.frozenClock = true }
        defer { server.stop() }
        let id = try Studio.addProfile(server, key: "k")
        #expect(try Studio.profileStatus(server, id: id, key: "k") == "VALIDATING")
        Studio.expectError(
            try Studio.post(server, "generate", body: #"{"prompt":"[[\#(id)]]"}"#), status: 404,
            code: "PROFILE_NOT_READY", detail: "Profile is not ready.")
        Studio.expectError(
            try Studio.post(
                server, "enhance", body: #"{"image":"https://example.com/a.jpg","profile_ids":["\#(id)"]}"#),
            status: 404, code: "PROFILE_NOT_READY", detail: "Profile is not ready.")
    }

    @Test func aReadyProfileIsCountedAndDescribed() throws {
        let server = try Studio.server { $0.scheduler.preset = .instant }
        defer { server.stop() }
        let id = try Studio.readyProfile(server, key: "k")
        let body = #"{"prompt":"portrait of [[\#(id)]]","num_output_images":2}"#
        let answer = try Studio.expectOK(try Studio.post(server, "generate", body: body), counts: [(id, 2)], images: 2)
        for (index, image) in answer.images.enumerated() {
            let info = try PillowProbe.probe(image)
            #expect(
                info.text["phota-mock"]
                    == Studio.description(
                        endpoint: "generate", prompt: "portrait of [[\(id)]]", profileIDs: [id], width: 256,
                        height: 256, index: index, count: 2))
        }
    }

    @Test func promptReferencesComeFirstThenProfileIDsEachOnce() throws {
        let server = try Studio.server { $0.scheduler.preset = .instant }
        defer { server.stop() }
        let first = try Studio.readyProfile(server, key: "k")
        let second = try Studio.readyProfile(server, key: "k")
        let third = try Studio.readyProfile(server, key: "k")
        let prompt = "[[\(second)]] meets [[\(first)]] and [[\(second)]] again"
        let body =
            #"{"prompt":"\#(prompt)","images":["https://example.com/a.jpg"],"profile_ids":["\#(third)","\#(first)","\#(third)"],"num_output_images":3}"#
        let answer = try Studio.expectOK(
            try Studio.post(server, "edit", body: body), counts: [(second, 3), (first, 3), (third, 3)], images: 3)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(
            info.text["phota-mock"]
                == Studio.description(
                    endpoint: "edit", prompt: prompt, profileIDs: [second, first, third], width: 256, height: 256,
                    count: 3))
        // Remix and enhance take profile_ids as well.
        try Studio.expectOK(
            try Studio.post(
                server, "enhance", body: #"{"image":"https://example.com/a.jpg","profile_ids":["\#(first)"]}"#),
            counts: [(first, 1)], images: 1)
        try Studio.expectOK(
            try Studio.post(
                server, "remix",
                body:
                    #"{"input_image":"https://example.com/a.jpg","reference_image":"https://example.com/b.jpg","profile_ids":["\#(third)"],"prompt":"[[\#(second)]]","num_output_images":4}"#
            ),
            counts: [(second, 4), (third, 4)], images: 4)
    }

    @Test func noProfilesGiveEmptyCounts() throws {
        let server = try Studio.server()
        defer { server.stop() }
        // `[[]]` names nothing.
        try Studio.expectOK(
            try Studio.post(server, "generate", body: #"{"prompt":"[[]] empty"}"#), counts: [], images: 1)
    }

    @Test func anIdentityIsDrawnInThePicture() throws {
        let server = try Studio.server { $0.scheduler.preset = .instant }
        defer { server.stop() }
        let id = try Studio.readyProfile(server, key: "k")
        let answer = try Studio.expectOK(
            try Studio.post(server, "generate", body: #"{"prompt":"[[\#(id)]]"}"#), counts: [(id, 1)], images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(info.colors > 1, "the picture is one flat colour: no identicon drawn")
    }
}
