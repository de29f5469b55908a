// SPDX-License-Identifier: Apache-2.0

/// The `base_model` an edit or a generation runs on.
public enum BaseModelName: String, Sendable, CaseIterable {
    /// The default model; 1K, 2K and 4K.
    case nb2
    /// The only model that takes `quality`; 1K, 2K and 4K.
    case gptImage2 = "gpt-image-2"
    /// 1K and 2K.
    case qwenImage2 = "qwen-image-2"
    /// 1K and 2K.
    case flux2 = "flux-2"
    /// 1K only.
    case reve
}
