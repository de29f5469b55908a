// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// A validated body of `POST /v1/phota/enhance`: one image improved, optionally with known identities.
///
/// Schema: `image: str` (required), `profile_ids: list[str]` (default empty), `prompt: Optional[str] = None`,
/// `num_output_images`, `output_format`, `response_mode`, `async`, `callback_url`, `client_request_id`; then the
/// async check.
public struct EnhanceRequest: StudioRequest, Equatable {
    /// The image, a URL or raw base64.
    public var image: String
    /// Identities in the image.
    public var profileIDs: [String]
    /// An optional instruction.
    public var prompt: String?
    /// Count, format and delivery.
    public var output: StudioOutputOptions

    /// A request with the given values (not validated); the defaults are the schema's.
    public init(
        image: String,
        profileIDs: [String] = [],
        prompt: String? = nil,
        output: StudioOutputOptions = StudioOutputOptions()
    ) {
        self.image = image
        self.profileIDs = profileIDs
        self.prompt = prompt
        self.output = output
    }

    /// The body schema.
    public static let schema = Schema(
        defaults: EnhanceRequest(image: ""),
        fields: [
            .string("image", required: true) { $0.image = $1 },
            .stringList("profile_ids") { $0.profileIDs = $1 },
            .optionalString("prompt") { $0.prompt = $1 },
            .numOutputImages, .outputFormat, .responseMode, .isAsync, .callbackURL, .clientRequestID,
        ],
        check: { $0.output.asyncProblem }
    )
}
