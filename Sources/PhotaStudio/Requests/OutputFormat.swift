// SPDX-License-Identifier: Apache-2.0

/// The `output_format` of studio images.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// PNG (the default).
    case png
    /// JPEG.
    case jpg
}
