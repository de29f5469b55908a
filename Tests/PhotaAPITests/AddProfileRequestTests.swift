// SPDX-License-Identifier: Apache-2.0

import PhotaHTTP
import Testing

@testable import PhotaAPIKit
@testable import PhotaProfiles

/// Behaviour around the golden cases: the public API's values, media types, the tag query and responses.
@Suite struct AddProfileRequestTests {
    static func urls(_ count: Int) -> String {
        "[" + (1...count).map { "\"https://example.com/p\($0).jpg\"" }.joined(separator: ",") + "]"
    }

    @Test func acceptsTypicalBody_WithDefaults() throws {
        let body = Array(#"{"image_urls": \#(Self.urls(10))}"#.utf8)
        let request = try AddProfileRequest.validate(body: body, contentType: "application/json").get()
        #expect(request == AddProfileRequest(imageURLs: (1...10).map { "https://example.com/p\($0).jpg" }))
        #expect(request.tier == .standard)
        #expect(request.tag == nil)
    }

    @Test func acceptsFastTierAtBothBounds() throws {
        for count in [5, 10] {
            let body = Array(#"{"image_urls": \#(Self.urls(count)), "training_tier": "fast", "tag": "t"}"#.utf8)
            let request = try AddProfileRequest.validate(body: body, contentType: "application/json").get()
            #expect(request.imageURLs.count == count)
            #expect(request.tier == .fast)
            #expect(request.tag == "t")
        }
    }

    @Test func rejectsTierCount_WithExactBody() throws {
        let body = Array(#"{"image_urls":["a","b","c","d","e","f"]}"#.utf8)
        let failure = try #require(AddProfileRequest.validate(body: body, contentType: "application/json").failureValue)
        #expect(failure.status == HTTPStatus(422))
        let expected =
            #"{"detail":[{"type":"value_error","loc":["body"],"msg":"Value error, training_tier 'standard' "#
            + #"requires 10 to 50 image_urls, got 6","input":{"image_urls":["a","b","c","d","e","f"]},"ctx":{"error":{}}}]}"#
        #expect(String(decoding: failure.body, as: UTF8.self) == expected)
        let response = failure.response
        #expect(response.status == HTTPStatus(422))
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.body == failure.body)
    }

    @Test(arguments: [
        ("application/json", true), ("APPLICATION/JSON", true), ("application/json; charset=utf-8", true),
        (" application/json ; x=1", true), ("application/problem+json", true), ("application/json+x", false),
        ("text/json", false), ("application/ json", false), ("application", false), ("application/json/x", false),
        ("", false), ("text/plain", false),
    ])
    func classifiesContentTypeLikeFastAPI(_ contentType: String, _ isJSON: Bool) {
        #expect(MediaTypeRule.isJSON(contentType) == isJSON)
    }

    @Test func missingContentTypeIsNotJSON() {
        #expect(MediaTypeRule.isJSON(nil) == false)
    }

    @Test func tagQuery_LastValueWins() throws {
        #expect(try validateTagQuery([]).get() == nil)
        #expect(try validateTagQuery(["a"]).get() == "a")
        #expect(try validateTagQuery(["", "b"]).get() == "b")
        #expect(try validateTagQuery([String(repeating: "é", count: 128)]).get() == String(repeating: "é", count: 128))
    }

    @Test func tagQuery_RejectsEmptyAndLong() throws {
        let empty = try #require(validateTagQuery(["ok", ""]).failureValue)
        #expect(
            String(decoding: empty.body, as: UTF8.self)
                == #"{"detail":[{"type":"string_too_short","loc":["query","tag"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}}]}"#
        )
        let long = try #require(validateTagQuery([String(repeating: "x", count: 129)]).failureValue)
        #expect(long.errors.map(\.type) == ["string_too_long"])
        #expect(long.errors.first?.loc == ["query", "tag"])
    }

    @Test func nonFiniteEchoBecomesPlainTextServerError() throws {
        let body = Array(#"{"image_urls": NaN}"#.utf8)
        let failure = try #require(AddProfileRequest.validate(body: body, contentType: "application/json").failureValue)
        #expect(failure.status == HTTPStatus(500))
        #expect(failure.contentType == "text/plain; charset=utf-8")
        #expect(String(decoding: failure.body, as: UTF8.self) == "Internal Server Error")
        #expect(failure.errors.map(\.type) == ["list_type"])
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
