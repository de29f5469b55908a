// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry point for the JSON and schema layer: the Python-exact JSON parser and serializer, `Schema`,
// `Field` and the validation errors, driven through the five request models. Built by `run-models.sh` together
// with the models' source files from PhotaProfiles/Requests and PhotaStudio/Requests (over PhotaAPIKit and
// PhotaHTTP's HTTPStatus, compiled as modules first); not part of the main package.
//
// Input: the first byte picks the model (low 3 bits, modulo 5) and the Content-Type (bits 3…6, `contentTypes`);
// the rest is the request body.

import PhotaAPIKit

/// Content types FastAPI sorts differently: JSON by exact match, by the general rule (case, parameters,
/// Python's strip, `+json`), and not JSON (absent, empty, no subtype, other types).
let contentTypes: [String?] = [
    "application/json",
    nil,
    "application/json; charset=utf-8",
    "text/plain",
    "Application/JSON",
    "  application/json ;charset=latin-1",
    "application/vnd.phota+json",
    "application",
    "application/x-www-form-urlencoded",
    "",
    "application/json/x",
    "\u{1F}application/json\u{85}",
    "APPLICATION/PROBLEM+JSON; x=1",
    "application/+json",
    "text/json",
    "application/jsonp",
]

/// The models in the order the first byte selects them.
enum ModelKind: Int, CaseIterable {
    case addProfile, edit, generate, enhance, remix
}

private func fail(_ message: @autoclosure () -> String, _ body: UnsafeBufferPointer<UInt8>) -> Never {
    let shown = String(decoding: body.prefix(200), as: UTF8.self)
    fatalError("\(message()) — body (\(body.count) bytes) starts \(shown.debugDescription)")
}

private func decode(_ bytes: [UInt8]) -> Result<JSONBodyDecoding.Document, JSONBodyDecoding.Failure> {
    bytes.withUnsafeBufferPointer { JSONBodyDecoding.decodeDocument($0) }
}

/// The parser and serializer agree: a parsed document that Python could render re-parses to an equal value, and
/// rendering is a fixed point (second rendering byte-identical to the first).
private func checkJSONRoundTrip(_ body: UnsafeBufferPointer<UInt8>) {
    guard case .success(let document) = JSONBodyDecoding.decodeDocument(body) else { return }
    guard document.loneSurrogateStrings.isEmpty,
        let first = try? JSONSerializer.serialize(document.value)
    else { return }
    guard case .success(let again) = decode(first) else { fail("rendered JSON does not parse", body) }
    guard again.value == document.value else { fail("rendered JSON parses to another value", body) }
    guard let second = try? JSONSerializer.serialize(again.value) else { fail("re-parsed value is unrenderable", body) }
    guard second == first else { fail("rendering is not a fixed point", body) }
}

/// What a failure must look like, whatever the input.
private func checkFailure(_ failure: ValidationFailure, isJSON: Bool, _ body: UnsafeBufferPointer<UInt8>) {
    switch failure.status.code {
    case 422:
        guard failure.contentType == "application/json" else { fail("422 as \(failure.contentType)", body) }
        guard !failure.errors.isEmpty else { fail("422 without errors", body) }
        for item in failure.errors {
            guard case .key("body") = item.loc.first else { fail("error located at \(item.loc)", body) }
            if item.type == "json_invalid" {
                guard isJSON else { fail("a body not declared JSON was parsed", body) }
                guard failure.errors.count == 1 else { fail("json_invalid among other errors", body) }
            }
        }
        // The body is the JSON FastAPI renders: `{"detail":[…]}`, one item per error, in canonical form.
        guard case .success(let rendered) = decode(failure.body) else { fail("422 body is not JSON", body) }
        guard case .object(let object) = rendered.value, object.keys == ["detail"],
            case .array(let items)? = object["detail"], items.count == failure.errors.count
        else { fail("422 body is not {\"detail\":[one item per error]}", body) }
        guard items == failure.errors.map(\.jsonValue) else { fail("422 body disagrees with its errors", body) }
        guard (try? JSONSerializer.serialize(rendered.value)) == failure.body else {
            fail("422 body is not in canonical form", body)
        }
    case 400:
        guard isJSON, failure == .unparsableBody else { fail("unexpected 400 \(failure.body)", body) }
    case 500:
        guard failure.contentType == ValidationFailure.internalServerError.contentType,
            failure.body == ValidationFailure.internalServerError.body
        else { fail("500 with another body", body) }
    default:
        fail("status \(failure.status.code)", body)
    }
    if failure.contentType.hasPrefix("application/json") {
        guard case .success = decode(failure.body) else { fail("JSON failure body does not parse", body) }
    }
}

/// Validates `body` as `Model`, twice and once more from the parsed document, and checks what came out.
private func check<Model: RequestModel & Equatable>(
    _: Model.Type,
    _ body: UnsafeBufferPointer<UInt8>,
    contentType: String?
) {
    let isJSON = MediaTypeRule.isJSON(contentType)
    let result = Model.validate(body: body, contentType: contentType)
    // Validation is a pure function of the bytes and the header.
    guard Model.validate(body: Array(body), contentType: contentType) == result else {
        fail("two validations disagree", body)
    }
    switch result {
    case .success:
        guard isJSON, !body.isEmpty else { fail("accepted a body that is not declared JSON", body) }
        guard case .success(let document) = JSONBodyDecoding.decodeDocument(body) else {
            fail("accepted a body that does not parse", body)
        }
        // The raw-bytes entry point and the parsed-document one agree.
        guard Model.validate(document: document.value) == result else { fail("document validation differs", body) }
    case .failure(let failure):
        checkFailure(failure, isJSON: isJSON, body)
        // Without lone surrogates (where only the raw path knows to refuse the echo), the parsed document gives the
        // same answer as the bytes.
        if isJSON, case .success(let document) = JSONBodyDecoding.decodeDocument(body),
            document.loneSurrogateStrings.isEmpty
        {
            guard Model.validate(document: document.value) == result else {
                fail("document validation differs", body)
            }
        }
    }
    if isJSON { checkJSONRoundTrip(body) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestModels(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let selector = Int(data[0])
    let body = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let contentType = contentTypes[(selector >> 3) & 15]
    switch ModelKind(rawValue: (selector & 7) % ModelKind.allCases.count)! {
    case .addProfile: check(AddProfileRequest.self, body, contentType: contentType)
    case .edit: check(EditRequest.self, body, contentType: contentType)
    case .generate: check(GenerateRequest.self, body, contentType: contentType)
    case .enhance: check(EnhanceRequest.self, body, contentType: contentType)
    case .remix: check(RemixRequest.self, body, contentType: contentType)
    }
    return 0
}
