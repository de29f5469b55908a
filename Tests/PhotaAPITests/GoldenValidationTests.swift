// SPDX-License-Identifier: Apache-2.0

import PhotaHTTP
import Testing

@testable import PhotaAPIKit
@testable import PhotaProfiles

/// Replays every recorded request against the Swift validation and compares with the reference's answer.
@Suite struct GoldenValidationTests {
    static let cases: [GoldenCase] = (try? GoldenCase.all()) ?? []

    @Test func fixturesArePresent() throws {
        let cases = try GoldenCase.all()
        #expect(cases.count >= 30)
        #expect(cases.contains { $0.status == 200 })
        #expect(cases.contains { $0.status == 422 })
    }

    @Test(arguments: Self.cases)
    func answersLikeTheReference(_ golden: GoldenCase) throws {
        switch golden.path {
        case "/v1/phota/profiles/add":
            let result = AddProfileRequest.validate(body: golden.body, contentType: golden.contentType)
            switch result {
            case .success(let request):
                try Self.expectAccepted(request, golden)
            case .failure(let failure):
                try Self.expectRejected(failure, golden)
            }
        case "/v1/phota/profiles/ids":
            switch validateTagQuery(golden.queryValues("tag")) {
            case .success(let tag):
                #expect(golden.status == 200)
                let expected = try #require(Self.object(golden.responseBody))
                #expect(expected["tag"] == tag.map(JSONValue.string) ?? .null)
            case .failure(let failure):
                try Self.expectRejected(failure, golden)
            }
        default:
            Issue.record("unknown path \(golden.path)")
        }
    }

    /// Floats in the reference's answers are Python `repr` text; ours must print the same.
    @Test(arguments: Self.cases)
    func floatsPrintLikePython(_ golden: GoldenCase) {
        var floats = [JSONFloat]()
        Self.collectFloats(golden.responseBody ?? .null, into: &floats)
        for float in floats {
            #expect(PythonFloatFormat.repr(float.value) == float.text)
        }
    }

    private static func expectAccepted(_ request: AddProfileRequest, _ golden: GoldenCase) throws {
        #expect(golden.status == 200, "accepted, but the reference answered \(golden.status)")
        let expected = try #require(Self.object(golden.responseBody))
        #expect(expected["image_urls"] == .array(request.imageURLs.map(JSONValue.string)))
        #expect(expected["training_tier"] == .string(request.tier.rawValue))
        #expect(expected["tag"] == request.tag.map(JSONValue.string) ?? .null)
    }

    /// The failure must be the reference's answer: status, content type, and the exact body bytes.
    static func expectRejected(_ failure: ValidationFailure, _ golden: GoldenCase) throws {
        #expect(failure.status.code == golden.status)
        #expect(failure.contentType == golden.responseContentType)
        if let text = golden.responseText {
            #expect(String(decoding: failure.body, as: UTF8.self) == text)
            return
        }
        let expected = try #require(golden.responseBody)
        // Structural comparison (key order included), then the exact compact bytes FastAPI would send.
        let produced = try GoldenCase.parse(failure.body)
        #expect(produced == expected)
        #expect(failure.body == (try JSONSerializer.serialize(expected)))
        #expect(failure.body == golden.responseRaw, "not the bytes FastAPI sent")
    }

    static func object(_ value: JSONValue?) -> JSONObject? {
        if case .object(let object)? = value { return object }
        return nil
    }

    private static func collectFloats(_ value: JSONValue, into floats: inout [JSONFloat]) {
        switch value {
        case .float(let float): floats.append(float)
        case .array(let items): for item in items { self.collectFloats(item, into: &floats) }
        case .object(let object): for member in object.members { self.collectFloats(member.value, into: &floats) }
        default: break
        }
    }
}
