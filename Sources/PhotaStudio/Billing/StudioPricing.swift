// SPDX-License-Identifier: Apache-2.0

/// What one output image costs, in micro-dollars: the one price table (the README prints it).
///
/// Documented: remix $0.12 per image, $0.15 with an identity; enhance is billed like remix. Edit and generate
/// are priced per base model, which the public pages do not give: the rates below are the emulator's, with
/// 2K at 1.5× and 4K at 2× the 1K rate, and gpt-image-2's `quality` standing in for its token billing.
public enum StudioPricing {
    /// The 1K price of one image of `model` (with gpt-image-2's `quality`, `auto` when nil).
    public static func baseMicros(_ model: BaseModelName, quality: ImageQuality?) -> Int64 {
        switch model {
        case .nb2: 80_000
        case .gptImage2:
            switch quality ?? .auto {
            case .low: 40_000
            case .medium, .auto: 100_000
            case .high: 250_000
            }
        case .qwenImage2: 50_000
        case .flux2: 60_000
        case .reve: 40_000
        }
    }

    /// The factor of a resolution over 1K, in tenths.
    static func resolutionTenths(_ resolution: ImageResolution) -> Int64 {
        switch resolution {
        case .oneK: 10
        case .twoK: 15
        case .fourK: 20
        }
    }

    /// Remix and enhance per image: without and with an identity.
    public static let remixMicros: Int64 = 120_000
    public static let remixWithIdentityMicros: Int64 = 150_000

    /// The price of the whole call: per image × `num_output_images`.
    public static func micros(for call: StudioCall, identities: Int) -> Int64 {
        let perImage: Int64
        switch call.endpoint {
        case .remix, .enhance:
            perImage = identities > 0 ? Self.remixWithIdentityMicros : Self.remixMicros
        case .edit, .generate:
            let base = Self.baseMicros(call.baseModel ?? .nb2, quality: call.quality)
            perImage = base * Self.resolutionTenths(call.resolution) / 10
        }
        return perImage * Int64(call.output.numOutputImages)
    }
}
