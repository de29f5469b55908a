// SPDX-License-Identifier: Apache-2.0

/// The `aspect_ratio` of studio output images.
public enum AspectRatio: String, Sendable, CaseIterable {
    /// Chosen by the model from the inputs (the default).
    case auto
    /// Square.
    case square = "1:1"
    /// Portrait, 3:4.
    case portrait3x4 = "3:4"
    /// Landscape, 4:3.
    case landscape4x3 = "4:3"
    /// Tall portrait, 9:16.
    case portrait9x16 = "9:16"
    /// Wide landscape, 16:9.
    case landscape16x9 = "16:9"
}
