// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// The `training_tier` of a profile: how many images it trains on and how long it takes.
public enum TrainingTierName: String, Sendable, CaseIterable {
    /// Full-quality training on 10–50 images (the default).
    case standard
    /// Faster, cheaper training on 5–10 images.
    case fast

    /// The number of `image_urls` the tier accepts, inclusive.
    public var imageCountRange: ClosedRange<Int> {
        switch self {
        case .standard: 10...50
        case .fast: 5...10
        }
    }
}
