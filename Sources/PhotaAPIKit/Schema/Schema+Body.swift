// SPDX-License-Identifier: Apache-2.0

extension Schema {
    /// Validates a raw request body exactly as the Phota API (FastAPI) does, including its answer when invalid.
    ///
    /// - Parameters:
    ///   - body: The request body bytes (de-chunked).
    ///   - contentType: The `Content-Type` header value, or nil when absent.
    /// - Returns: The model, or the failure whose `status`, `contentType` and `body` are the response to send.
    ///
    /// ```swift
    /// switch EditRequest.schema.validate(body: request.body, contentType: request.headers["content-type"]) {
    /// case .success(let edit): render(edit)
    /// case .failure(let failure): return failure.response
    /// }
    /// ```
    public func validate(body: [UInt8], contentType: String?) -> Result<Model, ValidationFailure> {
        body.withUnsafeBufferPointer { self.validate(body: $0, contentType: contentType) }
    }

    /// Validates a raw request body held in a buffer; see `validate(body:contentType:)`.
    public func validate(body: UnsafeBufferPointer<UInt8>, contentType: String?) -> Result<Model, ValidationFailure> {
        // FastAPI reads the body only when non-empty; an empty one is a missing required body.
        if body.isEmpty { return .failure(ValidationFailure(errors: [.missing(at: ["body"], input: .null)])) }
        guard MediaTypeRule.isJSON(contentType) else {
            // Not declared JSON (strict content type): Pydantic sees raw bytes, and FastAPI echoes them decoded as
            // UTF-8 — which fails with a 500 when they are not UTF-8.
            guard PythonTextDecoding.isValidUTF8(body) else { return .failure(.internalServerError) }
            let text = JSONValue.string(String(decoding: body, as: UTF8.self))
            return .failure(ValidationFailure(errors: [.modelAttributesType(at: ["body"], input: text)]))
        }
        switch JSONBodyDecoding.decodeDocument(body) {
        case .success(let document):
            return self.validate(document: document.value, loneSurrogateStrings: document.loneSurrogateStrings)
        case .failure(.syntax(let message, let position)):
            var ctx = JSONObject()
            ctx["error"] = .string(message)
            return .failure(
                ValidationFailure(errors: [
                    ValidationErrorItem(
                        type: "json_invalid", loc: ["body", .index(position)], msg: "JSON decode error",
                        input: .object(JSONObject()), ctx: ctx)
                ]))
        case .failure(.unparsable):
            return .failure(.unparsableBody)
        }
    }
}
