// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// A validated body of `POST /v1/phota/profiles/add`.
///
/// Schema (Pydantic, fields validated in this order, unknown fields ignored):
/// `image_urls: list[str]` 5…50 items, required; `training_tier: TrainingTier = "standard"`;
/// `tag: str | None` 1…128 characters, default null; then a model check that the image count suits the tier
/// (standard 10–50, fast 5–10).
public struct AddProfileRequest: Sendable, Equatable {
    /// The training images, in request order.
    public var imageURLs: [String]
    /// The training tier (default `.standard`).
    public var tier: TrainingTierName
    /// The optional immutable tag, 1…128 characters.
    public var tag: String?

    /// A request with the given values (not validated).
    public init(imageURLs: [String], tier: TrainingTierName = .standard, tag: String? = nil) {
        self.imageURLs = imageURLs
        self.tier = tier
        self.tag = tag
    }

    /// Fewest and most `image_urls` the schema itself accepts, whatever the tier.
    public static let imageURLCountLimits = 5...50
    /// Shortest and longest `tag`, in characters (Unicode code points, as Python counts them).
    public static let tagLengthLimits = 1...128
}
