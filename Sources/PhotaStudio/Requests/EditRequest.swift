// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// A validated body of `POST /v1/phota/edit`: edit input images, optionally with known identities.
///
/// Schema (the reference's `EditRequest`; fields in this order, unknown members ignored): `prompt: str = ""`
/// (no length limit), `images: list[str]` at most 10 (URLs or base64, default empty), `profile_ids: list[str]`
/// (default empty), `num_output_images` 1…4, `aspect_ratio`, `resolution`, `base_model`, `quality` (nullable),
/// `output_format`, `response_mode`, `async`, `callback_url`, `client_request_id`; then the async check.
/// `quality` with a model other than gpt-image-2, or a resolution the model lacks, pass here: the handler's 400.
public struct EditRequest: StudioRequest, Equatable {
    /// The instruction; `[[profile_id]]` names an identity.
    public var prompt: String
    /// The input images, URLs or raw base64, in order.
    public var images: [String]
    /// Identities the prompt may use, besides those named in it.
    public var profileIDs: [String]
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
        images: [String] = [],
        profileIDs: [String] = [],
        aspectRatio: AspectRatio = .auto,
        resolution: ImageResolution = .oneK,
        baseModel: BaseModelName = .nb2,
        quality: ImageQuality? = nil,
        output: StudioOutputOptions = StudioOutputOptions()
    ) {
        self.prompt = prompt
        self.images = images
        self.profileIDs = profileIDs
        self.aspectRatio = aspectRatio
        self.resolution = resolution
        self.baseModel = baseModel
        self.quality = quality
        self.output = output
    }

    /// Most input `images`.
    public static let maximumImages = 10

    /// The body schema.
    public static let schema = Schema(
        defaults: EditRequest(),
        fields: [
            .string("prompt") { $0.prompt = $1 },
            .stringList("images", count: Bounds(...Self.maximumImages)) { $0.images = $1 },
            .stringList("profile_ids") { $0.profileIDs = $1 },
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
