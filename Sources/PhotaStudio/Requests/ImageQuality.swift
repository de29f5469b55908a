// SPDX-License-Identifier: Apache-2.0

/// The `quality` of a gpt-image-2 rendering (any other model answers 400 in the handler).
public enum ImageQuality: String, Sendable, CaseIterable {
    /// Chosen by the model.
    case auto
    /// Low.
    case low
    /// Medium.
    case medium
    /// High.
    case high
}
