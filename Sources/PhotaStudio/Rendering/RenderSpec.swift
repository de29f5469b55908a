// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaImaging

/// Everything the output images of one call are rendered from. The same spec always renders the same bytes,
/// so a `urls`-mode call stores only this (as JSON) and each download renders its image again.
public struct RenderSpec: Sendable, Hashable {
    public var endpoint: StudioEndpoint
    public var prompt: String?
    /// The merged identities, in order; each is drawn in every image.
    public var profileIDs: [String]
    public var baseModel: BaseModelName?
    public var quality: ImageQuality?
    public var resolution: ImageResolution
    /// The ratio rendered (`.auto` already resolved).
    public var aspectRatio: AspectRatio
    public var width: Int
    public var height: Int
    public var format: OutputFormat
    public var count: Int
    /// The server's `--seed` (0 without one): the same request on another seed gives other pictures.
    public var seed: UInt64

    public init(
        endpoint: StudioEndpoint, prompt: String?, profileIDs: [String], baseModel: BaseModelName?,
        quality: ImageQuality?, resolution: ImageResolution, aspectRatio: AspectRatio, width: Int, height: Int,
        format: OutputFormat, count: Int, seed: UInt64
    ) {
        self.endpoint = endpoint
        self.prompt = prompt
        self.profileIDs = profileIDs
        self.baseModel = baseModel
        self.quality = quality
        self.resolution = resolution
        self.aspectRatio = aspectRatio
        self.width = width
        self.height = height
        self.format = format
        self.count = count
        self.seed = seed
    }

    /// The longest prompt (UTF-8 bytes) a picture's description carries; beyond it the description holds
    /// the first bytes and `"prompt_truncated": true` (a JPEG comment holds at most 65,533 bytes).
    public static let describedPromptLimit = 16_384

    /// The machine-readable description embedded in image `index` (a PNG `tEXt` chunk `phota-mock`, a JPEG
    /// `COM` segment): one line of ASCII JSON, members in this order.
    public func description(index: Int) -> String {
        var prompt = self.prompt
        var truncated = false
        if let text = prompt, text.utf8.count > Self.describedPromptLimit {
            var cut = ""
            for character in text {
                if cut.utf8.count + String(character).utf8.count > Self.describedPromptLimit { break }
                cut.append(character)
            }
            prompt = cut
            truncated = true
        }
        var out = "{\"endpoint\":" + ASCIIJSON.quote(self.endpoint.rawValue)
        out += ",\"prompt\":" + ASCIIJSON.quote(prompt)
        if truncated { out += ",\"prompt_truncated\":true" }
        out += ",\"profile_ids\":[" + self.profileIDs.map { ASCIIJSON.quote($0) }.joined(separator: ",") + "]"
        out += ",\"base_model\":" + ASCIIJSON.quote(self.baseModel?.rawValue)
        out += ",\"quality\":" + ASCIIJSON.quote(self.quality?.rawValue)
        out += ",\"resolution\":" + ASCIIJSON.quote(self.resolution.rawValue)
        out += ",\"aspect_ratio\":" + ASCIIJSON.quote(self.aspectRatio.rawValue)
        out += ",\"width\":\(self.width),\"height\":\(self.height)"
        out += ",\"format\":" + ASCIIJSON.quote(self.format.rawValue)
        out += ",\"index\":\(index),\"count\":\(self.count)}"
        return out
    }

    /// Image `index`, rendered.
    public func render(index: Int) -> [UInt8] {
        let description = self.description(index: index)
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in withUnsafeBytes(of: self.seed.littleEndian, Array.init) + Array(description.utf8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return StudioPicture.render(
            PictureSpec(
                width: self.width, height: self.height, format: self.format == .png ? .png : .jpeg, seed: hash,
                identities: self.profileIDs, index: index, metadata: description))
    }

    /// The content type of the images.
    public var contentType: String { self.format == .png ? "image/png" : "image/jpeg" }

    // MARK: Stored form

    /// The spec as stored with a `urls`-mode output: JSON with the full prompt and the seed.
    public var storedJSON: String {
        var out = "{\"endpoint\":" + ASCIIJSON.quote(self.endpoint.rawValue)
        out += ",\"prompt\":" + ASCIIJSON.quote(self.prompt)
        out += ",\"profile_ids\":[" + self.profileIDs.map { ASCIIJSON.quote($0) }.joined(separator: ",") + "]"
        out += ",\"base_model\":" + ASCIIJSON.quote(self.baseModel?.rawValue)
        out += ",\"quality\":" + ASCIIJSON.quote(self.quality?.rawValue)
        out += ",\"resolution\":" + ASCIIJSON.quote(self.resolution.rawValue)
        out += ",\"aspect_ratio\":" + ASCIIJSON.quote(self.aspectRatio.rawValue)
        out += ",\"width\":\(self.width),\"height\":\(self.height)"
        out += ",\"format\":" + ASCIIJSON.quote(self.format.rawValue)
        out += ",\"count\":\(self.count),\"seed\":\"\(self.seed)\"}"
        return out
    }

    /// The spec `storedJSON` wrote, or nil for anything else.
    public init?(storedJSON text: String) {
        let bytes = Array(text.utf8)
        let parsed = bytes.withUnsafeBufferPointer { buffer -> JSONValue? in
            var parser = PythonJSONParser(bytes: buffer)
            return try? parser.parseDocument()
        }
        guard case .object(let object) = parsed,
            case .string(let endpointName) = object["endpoint"], let endpoint = StudioEndpoint(rawValue: endpointName),
            case .array(let ids) = object["profile_ids"],
            case .string(let resolutionName) = object["resolution"],
            let resolution = ImageResolution(rawValue: resolutionName),
            case .string(let aspectName) = object["aspect_ratio"], let aspect = AspectRatio(rawValue: aspectName),
            case .int(let width) = object["width"], let widthValue = Int(width.text),
            case .int(let height) = object["height"], let heightValue = Int(height.text),
            case .string(let formatName) = object["format"], let format = OutputFormat(rawValue: formatName),
            case .int(let count) = object["count"], let countValue = Int(count.text),
            case .string(let seedText) = object["seed"], let seed = UInt64(seedText)
        else { return nil }
        var profileIDs: [String] = []
        for id in ids {
            guard case .string(let text) = id else { return nil }
            profileIDs.append(text)
        }
        func optionalString(_ key: String) -> String? {
            if case .string(let text) = object[key] { return text }
            return nil
        }
        self.init(
            endpoint: endpoint, prompt: optionalString("prompt"), profileIDs: profileIDs,
            baseModel: optionalString("base_model").flatMap(BaseModelName.init(rawValue:)),
            quality: optionalString("quality").flatMap(ImageQuality.init(rawValue:)), resolution: resolution,
            aspectRatio: aspect, width: widthValue, height: heightValue, format: format, count: countValue, seed: seed)
    }
}
