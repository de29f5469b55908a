// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// A validated body of `POST /v1/phota/remix`: an input image redone after a reference image, always at 2K
/// (so there is no `resolution` member; one sent is ignored like any unknown member).
///
/// Schema: `input_image: str`, `reference_image: str` (both required), `profile_ids: list[str]` (default empty),
/// `prompt: Optional[str] = None`, `num_output_images`, `output_format`, `response_mode`, `async`,
/// `callback_url`, `client_request_id`; then the async check.
public struct RemixRequest: StudioRequest, Equatable {
    /// The image to remix, a URL or raw base64.
    public var inputImage: String
    /// The image whose style or content guides it.
    public var referenceImage: String
    /// Identities in the images.
    public var profileIDs: [String]
    /// An optional instruction.
    public var prompt: String?
    /// Count, format and delivery.
    public var output: StudioOutputOptions

    /// A request with the given values (not validated); the defaults are the schema's.
    public init(
        inputImage: String,
        referenceImage: String,
        profileIDs: [String] = [],
        prompt: String? = nil,
        output: StudioOutputOptions = StudioOutputOptions()
    ) {
        self.inputImage = inputImage
        self.referenceImage = referenceImage
        self.profileIDs = profileIDs
        self.prompt = prompt
        self.output = output
    }

    /// The body schema.
    public static let schema = Schema(
        defaults: RemixRequest(inputImage: "", referenceImage: ""),
        fields: [
            .string("input_image", required: true) { $0.inputImage = $1 },
            .string("reference_image", required: true) { $0.referenceImage = $1 },
            .stringList("profile_ids") { $0.profileIDs = $1 },
            .optionalString("prompt") { $0.prompt = $1 },
            .numOutputImages, .outputFormat, .responseMode, .isAsync, .callbackURL, .clientRequestID,
        ],
        check: { $0.output.asyncProblem }
    )
}
