// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// A validated body of `POST /v1/phota/generate`: an image from a prompt alone.
///
/// Schema: as `EditRequest` without `images` and `profile_ids` (identities only as `[[profile_id]]` in the
/// prompt): `prompt: str = ""`, `num_output_images`, `aspect_ratio`, `resolution`, `base_model`, `quality`,
/// `output_format`, `response_mode`, `async`, `callback_url`, `client_request_id`; then the async check.
public struct GenerateRequest: StudioRequest, Equatable {
    /// The description; `[[profile_id]]` names an identity.
    public var prompt: String
    /// The output's aspect ratio.
    public var aspectRatio: AspectRatio
    /// The output's resolution.
    public var resolution: ImageResolution
    /// The model that renders.
    public var baseModel: BaseModelName
    /// gpt-image-2's quality, if given.
    public var quality: ImageQuality?
    /// Count, format and delivery.
    public var output: StudioOutputOptions

    /// A request with the given values (not validated); the defaults are the schema's.
    public init(
        prompt: String = "",
        aspectRatio: AspectRatio = .auto,
        resolution: ImageResolution = .oneK,
        baseModel: BaseModelName = .nb2,
        quality: ImageQuality? = nil,
        output: StudioOutputOptions = StudioOutputOptions()
    ) {
        self.prompt = prompt
        self.aspectRatio = aspectRatio
        self.resolution = resolution
        self.baseModel = baseModel
        self.quality = quality
        self.output = output
    }

    /// The body schema.
    public static let schema = Schema(
        defaults: GenerateRequest(),
        fields: [
            .string("prompt") { $0.prompt = $1 },
            .numOutputImages,
            .enumeration("aspect_ratio", AspectRatio.self) { $0.aspectRatio = $1 },
            .enumeration("resolution", ImageResolution.self) { $0.resolution = $1 },
            .enumeration("base_model", BaseModelName.self) { $0.baseModel = $1 },
            .optionalEnumeration("quality", ImageQuality.self) { $0.quality = $1 },
            .outputFormat, .responseMode, .isAsync, .callbackURL, .clientRequestID,
        ],
        check: { $0.output.asyncProblem }
    )
}
