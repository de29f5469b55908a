// SPDX-License-Identifier: Apache-2.0

import PhotaHTTP
import Testing

@testable import PhotaAPIKit
@testable import PhotaStudio

/// Replays every recorded studio request (`fixtures/validation-studio/`) against the studio schemas: a rejected
/// request must get the reference's exact answer, an accepted one the values the reference validated.
@Suite struct StudioGoldenValidationTests {
    static let cases: [GoldenCase] = (try? GoldenCase.all(in: "validation-studio")) ?? []

    @Test func fixturesArePresent() throws {
        let cases = try GoldenCase.all(in: "validation-studio")
        #expect(cases.count >= 200)
        for path in ["edit", "generate", "enhance", "remix"].map({ "/v1/phota/" + $0 }) {
            #expect(cases.contains { $0.path == path && $0.status == 200 })
            #expect(cases.contains { $0.path == path && $0.status == 422 })
        }
    }

    @Test(arguments: Self.cases)
    func answersLikeTheReference(_ golden: GoldenCase) throws {
        switch golden.path {
        case "/v1/phota/edit": try Self.replay(EditRequest.self, golden) { $0.echo }
        case "/v1/phota/generate": try Self.replay(GenerateRequest.self, golden) { $0.echo }
        case "/v1/phota/enhance": try Self.replay(EnhanceRequest.self, golden) { $0.echo }
        case "/v1/phota/remix": try Self.replay(RemixRequest.self, golden) { $0.echo }
        default: Issue.record("unknown path \(golden.path)")
        }
    }

    private static func replay<Model: RequestModel>(
        _: Model.Type,
        _ golden: GoldenCase,
        echo: (Model) -> JSONObject
    ) throws {
        switch Model.validate(body: golden.body, contentType: golden.contentType) {
        case .success(let request):
            #expect(golden.status == 200, "accepted, but the reference answered \(golden.status)")
            var expected = try #require(GoldenValidationTests.object(golden.responseBody))
            expected["ok"] = nil
            #expect(echo(request) == expected)
        case .failure(let failure):
            try GoldenValidationTests.expectRejected(failure, golden)
        }
    }
}

/// The reference's echo of a valid request: `model_dump(mode="json", by_alias=True)`, fields in declaration order.
extension EditRequest {
    var echo: JSONObject {
        JSONObject(
            [
                ("prompt", .string(self.prompt)), ("images", .strings(self.images)),
                ("profile_ids", .strings(self.profileIDs)),
                ("num_output_images", .int(JSONInteger(self.output.numOutputImages))),
                ("aspect_ratio", .string(self.aspectRatio.rawValue)), ("resolution", .string(self.resolution.rawValue)),
                ("base_model", .string(self.baseModel.rawValue)), ("quality", .optional(self.quality?.rawValue)),
            ]
                + self.output.deliveryEcho)
    }
}

extension GenerateRequest {
    var echo: JSONObject {
        JSONObject(
            [
                ("prompt", .string(self.prompt)), ("num_output_images", .int(JSONInteger(self.output.numOutputImages))),
                ("aspect_ratio", .string(self.aspectRatio.rawValue)), ("resolution", .string(self.resolution.rawValue)),
                ("base_model", .string(self.baseModel.rawValue)), ("quality", .optional(self.quality?.rawValue)),
            ]
                + self.output.deliveryEcho)
    }
}

extension EnhanceRequest {
    var echo: JSONObject {
        JSONObject(
            [
                ("image", .string(self.image)), ("profile_ids", .strings(self.profileIDs)),
                ("prompt", .optional(self.prompt)),
                ("num_output_images", .int(JSONInteger(self.output.numOutputImages))),
            ]
                + self.output.deliveryEcho)
    }
}

extension RemixRequest {
    var echo: JSONObject {
        JSONObject(
            [
                ("input_image", .string(self.inputImage)), ("reference_image", .string(self.referenceImage)),
                ("profile_ids", .strings(self.profileIDs)), ("prompt", .optional(self.prompt)),
                ("num_output_images", .int(JSONInteger(self.output.numOutputImages))),
            ]
                + self.output.deliveryEcho)
    }
}

extension StudioOutputOptions {
    /// The shared fields after `num_output_images`, which each model places itself.
    var deliveryEcho: [(String, JSONValue)] {
        [
            ("output_format", .string(self.outputFormat.rawValue)),
            ("response_mode", .string(self.responseMode.rawValue)),
            ("async", .bool(self.isAsync)), ("callback_url", .optional(self.callbackURL)),
            ("client_request_id", .optional(self.clientRequestID)),
        ]
    }
}

extension JSONValue {
    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
    static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
}
