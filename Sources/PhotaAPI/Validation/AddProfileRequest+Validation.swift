// SPDX-License-Identifier: Apache-2.0

extension AddProfileRequest {
    /// The body schema of `POST /v1/phota/profiles/add` (the reference's `AddProfileRequest`):
    ///
    /// ```python
    /// image_urls: list[str] = Field(..., min_length=5, max_length=50)
    /// training_tier: TrainingTier = TrainingTier.STANDARD
    /// tag: Optional[str] = Field(default=None, min_length=1, max_length=128)
    /// @model_validator(mode="after")  # the image count must suit the tier
    /// ```
    public static let schema = Schema(
        defaults: AddProfileRequest(imageURLs: []),
        fields: [
            .stringList("image_urls", count: Bounds(Self.imageURLCountLimits), required: true) { $0.imageURLs = $1 },
            .enumeration("training_tier", TrainingTierName.self) { $0.tier = $1 },
            .optionalString("tag", length: Bounds(Self.tagLengthLimits)) { $0.tag = $1 },
        ],
        check: { $0.tierCountProblem }
    )

    /// The type of `tag`, shared with the `?tag=` query of the listing.
    static let tagType = FieldType.string(length: Bounds(Self.tagLengthLimits))

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
    /// case .failure(let failure): return failure.response
    /// }
    /// ```
    public static func validate(body: [UInt8], contentType: String?) -> Result<AddProfileRequest, ValidationFailure> {
        self.schema.validate(body: body, contentType: contentType)
    }

    /// Validates a raw request body held in a buffer; see `validate(body:contentType:)`.
    public static func validate(
        body: UnsafeBufferPointer<UInt8>,
        contentType: String?
    ) -> Result<AddProfileRequest, ValidationFailure> {
        self.schema.validate(body: body, contentType: contentType)
    }

    /// Validates an already parsed JSON body against the schema and the per-tier image counts.
    public static func validate(document: JSONValue) -> Result<AddProfileRequest, ValidationFailure> {
        self.schema.validate(document: document)
    }

    /// The `model_validator(mode="after")` of the reference: the image count must suit the tier, else the
    /// message of its `ValueError`.
    var tierCountProblem: String? {
        let range = self.tier.imageCountRange
        guard !range.contains(self.imageURLs.count) else { return nil }
        return "training_tier '\(self.tier.rawValue)' requires \(range.lowerBound) to \(range.upperBound) "
            + "image_urls, got \(self.imageURLs.count)"
    }
}
