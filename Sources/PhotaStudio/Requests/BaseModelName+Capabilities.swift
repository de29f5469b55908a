// SPDX-License-Identifier: Apache-2.0

extension BaseModelName {
    /// The resolutions the model renders (the documented table); another one is a 400.
    public var resolutions: [ImageResolution] {
        switch self {
        case .nb2, .gptImage2: [.oneK, .twoK, .fourK]
        case .qwenImage2, .flux2: [.oneK, .twoK]
        case .reve: [.oneK]
        }
    }

    /// Whether `quality` may be given: only gpt-image-2 has one.
    public var takesQuality: Bool { self == .gptImage2 }
}
