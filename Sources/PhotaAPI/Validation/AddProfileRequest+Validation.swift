// SPDX-License-Identifier: Apache-2.0

extension AddProfileRequest {
    /// Validates a raw request body exactly as the Phota API does, including its answer when invalid.
    ///
    /// - Parameters:
    ///   - body: The request body bytes (de-chunked).
    ///   - contentType: The `Content-Type` header value, or nil when absent.
    /// - Returns: The request, or the failure whose `status`, `contentType` and `body` are the response to send.
    ///
    /// ```swift
    /// switch AddProfileRequest.validate(body: request.body, contentType: request.headers["content-type"]) {
    /// case .success(let add): startTraining(add.imageURLs, add.tier, add.tag)
    /// case .failure(let failure): return HTTPResponse(status: failure.status, contentType: failure.contentType, body: failure.body)
    /// }
    /// ```
    public static func validate(body: [UInt8], contentType: String?) -> Result<AddProfileRequest, ValidationFailure> {
        body.withUnsafeBufferPointer { self.validate(body: $0, contentType: contentType) }
    }

    /// Validates a raw request body held in a buffer; see `validate(body:contentType:)`.
    public static func validate(
        body: UnsafeBufferPointer<UInt8>,
        contentType: String?
    ) -> Result<AddProfileRequest, ValidationFailure> {
        // FastAPI reads the body only when non-empty; an empty one is a missing required body.
        if body.isEmpty {
            return .failure(ValidationFailure(errors: [ValidationErrorItem(
                type: "missing", loc: ["body"], msg: "Field required", input: .null)]))
        }
        guard MediaTypeRule.isJSON(contentType) else {
            // Not declared JSON (strict content type): Pydantic sees raw bytes, and FastAPI echoes them decoded as
            // UTF-8 — which fails with a 500 when they are not UTF-8.
            guard PythonTextDecoding.isValidUTF8(body) else { return .failure(.internalServerError) }
            return .failure(ValidationFailure(errors: [self.notAnObject(.string(String(decoding: body, as: UTF8.self)))]))
        }
        switch JSONBodyDecoding.decodeDocument(body) {
        case .success(let document):
            return self.validate(document: document.value, loneSurrogateStrings: document.loneSurrogateStrings)
        case .failure(.syntax(let message, let position)):
            var ctx = JSONObject()
            ctx["error"] = .string(message)
            return .failure(ValidationFailure(errors: [ValidationErrorItem(
                type: "json_invalid", loc: ["body", .index(position)], msg: "JSON decode error",
                input: .object(JSONObject()), ctx: ctx)]))
        case .failure(.unparsable):
            return .failure(.unparsableBody)
        }
    }

    /// Validates an already parsed JSON body against the schema and the per-tier image counts.
    public static func validate(document: JSONValue) -> Result<AddProfileRequest, ValidationFailure> {
        self.validate(document: document, loneSurrogateStrings: [])
    }

    static func validate(
        document: JSONValue,
        loneSurrogateStrings: Set<ExactString>
    ) -> Result<AddProfileRequest, ValidationFailure> {
        func failure(_ errors: [ValidationErrorItem]) -> Result<AddProfileRequest, ValidationFailure> {
            .failure(ValidationFailure(errors: errors, loneSurrogateStrings: loneSurrogateStrings))
        }
        guard case .object(let object) = document else { return failure([self.notAnObject(document)]) }
        var errors = [ValidationErrorItem]()
        let imageURLs = self.validateImageURLs(object["image_urls"], body: document, errors: &errors)
        let tier = self.validateTier(object["training_tier"], loneSurrogateStrings: loneSurrogateStrings, errors: &errors)
        let tag = self.validateTag(
            object["tag"], loc: ["body", "tag"], loneSurrogateStrings: loneSurrogateStrings, errors: &errors)
        guard errors.isEmpty, let imageURLs, let tier else { return failure(errors) }
        let request = AddProfileRequest(imageURLs: imageURLs, tier: tier, tag: tag ?? nil)
        if let error = request.tierCountError(body: document) { return failure([error]) }
        // Pydantic lets a lone surrogate through in a plain `str` item, but nothing downstream can UTF-8-encode
        // it: not the answer (the reference app's echo fails with its plain-text 500) and not the stored
        // profile. So the request fails as FastAPI fails on any such string, and nothing is stored.
        if !loneSurrogateStrings.isEmpty, imageURLs.contains(where: { loneSurrogateStrings.contains(ExactString($0)) }) {
            return .failure(.internalServerError)
        }
        return .success(request)
    }

    /// The `model_validator(mode="after")` of the reference: the image count must suit the tier.
    func tierCountError(body: JSONValue) -> ValidationErrorItem? {
        let range = self.tier.imageCountRange
        guard !range.contains(self.imageURLs.count) else { return nil }
        let reason = "training_tier '\(self.tier.rawValue)' requires \(range.lowerBound) to \(range.upperBound) "
            + "image_urls, got \(self.imageURLs.count)"
        // A ValueError's ctx is {"error": <the exception>}, which FastAPI's jsonable_encoder turns into {}.
        var ctx = JSONObject()
        ctx["error"] = .object(JSONObject())
        return ValidationErrorItem(type: "value_error", loc: ["body"], msg: "Value error, " + reason, input: body, ctx: ctx)
    }

    static func notAnObject(_ input: JSONValue) -> ValidationErrorItem {
        ValidationErrorItem(
            type: "model_attributes_type", loc: ["body"],
            msg: "Input should be a valid dictionary or object to extract fields from", input: input)
    }
}
