// SPDX-License-Identifier: Apache-2.0

/// The training offer a profile was added with: Full Train (`standard`) or Quick Train (`fast`).
public enum TrainingTier: String, Codable, Sendable, CaseIterable, Hashable {
    /// Full Train: about 8 minutes of training on the real service.
    case standard
    /// Quick Train: about 3 minutes of training on the real service.
    case fast

    /// A dense index for per-tier arrays.
    var index: Int {
        switch self {
        case .standard: 0
        case .fast: 1
        }
    }
}
