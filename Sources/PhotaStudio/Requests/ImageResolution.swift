// SPDX-License-Identifier: Apache-2.0

/// The `resolution` of studio output images. Which ones a base model offers is the handler's check (a 400), not
/// the schema's.
public enum ImageResolution: String, Sendable, CaseIterable {
    /// 1K (the default).
    case oneK = "1K"
    /// 2K.
    case twoK = "2K"
    /// 4K.
    case fourK = "4K"
}
