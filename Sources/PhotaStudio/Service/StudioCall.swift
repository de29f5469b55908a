// SPDX-License-Identifier: Apache-2.0

/// One studio request in the shape the service handles all four in: what to render, from which inputs,
/// for whom. Built from each endpoint's validated body; the fields an endpoint lacks take its fixed values
/// (remix and enhance render at 2K with the input's aspect ratio and have no base model).
public struct StudioCall: Sendable, Equatable {
    /// An input image as the request named it.
    public struct Input: Sendable, Equatable {
        /// How an error names the entry: `images[2]`, `image`, `input_image`, `reference_image`.
        public var field: String
        /// The URL or raw base64 as sent.
        public var value: String

        public init(field: String, value: String) {
            self.field = field
            self.value = value
        }
    }

    public var endpoint: StudioEndpoint
    public var prompt: String?
    public var inputs: [Input]
    /// Whether the endpoint needs at least one input image.
    public var requiresInput: Bool
    /// `profile_ids` as sent (the prompt's references are merged in later).
    public var profileIDs: [String]
    public var aspectRatio: AspectRatio
    public var resolution: ImageResolution
    /// Nil for enhance and remix, which have no `base_model`.
    public var baseModel: BaseModelName?
    public var quality: ImageQuality?
    public var output: StudioOutputOptions

    public init(
        endpoint: StudioEndpoint, prompt: String?, inputs: [Input], requiresInput: Bool, profileIDs: [String],
        aspectRatio: AspectRatio, resolution: ImageResolution, baseModel: BaseModelName?, quality: ImageQuality?,
        output: StudioOutputOptions
    ) {
        self.endpoint = endpoint
        self.prompt = prompt
        self.inputs = inputs
        self.requiresInput = requiresInput
        self.profileIDs = profileIDs
        self.aspectRatio = aspectRatio
        self.resolution = resolution
        self.baseModel = baseModel
        self.quality = quality
        self.output = output
    }
}

extension EditRequest {
    /// The call this body asks for.
    public var call: StudioCall {
        StudioCall(
            endpoint: .edit, prompt: self.prompt,
            inputs: self.images.enumerated().map { .init(field: "images[\($0.offset)]", value: $0.element) },
            requiresInput: true, profileIDs: self.profileIDs, aspectRatio: self.aspectRatio,
            resolution: self.resolution, baseModel: self.baseModel, quality: self.quality, output: self.output)
    }
}

extension GenerateRequest {
    /// The call this body asks for: identities only from the prompt.
    public var call: StudioCall {
        StudioCall(
            endpoint: .generate, prompt: self.prompt, inputs: [], requiresInput: false, profileIDs: [],
            aspectRatio: self.aspectRatio, resolution: self.resolution, baseModel: self.baseModel,
            quality: self.quality, output: self.output)
    }
}

extension EnhanceRequest {
    /// The call this body asks for: the image's aspect ratio, at 2K.
    public var call: StudioCall {
        StudioCall(
            endpoint: .enhance, prompt: self.prompt, inputs: [.init(field: "image", value: self.image)],
            requiresInput: true, profileIDs: self.profileIDs, aspectRatio: .auto, resolution: .twoK, baseModel: nil,
            quality: nil, output: self.output)
    }
}

extension RemixRequest {
    /// The call this body asks for: the input image's aspect ratio, always at 2K.
    public var call: StudioCall {
        StudioCall(
            endpoint: .remix, prompt: self.prompt,
            inputs: [
                .init(field: "input_image", value: self.inputImage),
                .init(field: "reference_image", value: self.referenceImage),
            ],
            requiresInput: true, profileIDs: self.profileIDs, aspectRatio: .auto, resolution: .twoK, baseModel: nil,
            quality: nil, output: self.output)
    }
}
