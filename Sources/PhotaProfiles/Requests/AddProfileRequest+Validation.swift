// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

extension AddProfileRequest: RequestModel {
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

    /// Validates a raw request body exactly as the Phota API does; see `RequestModel.validate(body:contentType:)`.
    ///
    /// Declared here, not only inherited from `RequestModel`, so that callers in other modules get code
    /// specialized for this model rather than the protocol's generic one.
    public static func validate(body: [UInt8], contentType: String?) -> Result<AddProfileRequest, ValidationFailure> {
        self.schema.validate(body: body, contentType: contentType)
    }

    /// The type of `tag`, shared with the `?tag=` query of the listing.
    static let tagType = FieldType.string(length: Bounds(Self.tagLengthLimits))

    /// The `model_validator(mode="after")` of the reference: the image count must suit the tier, else the
    /// message of its `ValueError`.
    var tierCountProblem: String? {
        let range = self.tier.imageCountRange
        guard !range.contains(self.imageURLs.count) else { return nil }
        return "training_tier '\(self.tier.rawValue)' requires \(range.lowerBound) to \(range.upperBound) "
            + "image_urls, got \(self.imageURLs.count)"
    }
}
