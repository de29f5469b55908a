// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaImaging

/// An input image as the studio reads it: a public URL to fetch, or the bytes sent inline as raw base64.
public enum InputImage: Sendable, Equatable {
    case url(String)
    /// Decoded bytes of a supported format, and their pixel size when the header gives it.
    case inline(format: ImageSignature, width: Int?, height: Int?)

    /// The supported formats, as error messages name them.
    static let formats = "a JPEG, PNG, WebP or HEIC/HEIF image"

    /// Tells a URL from base64 as the API does and checks it: a value that starts with `http://` or
    /// `https://` (any case) is a URL and needs a host; any other value with a `:` is a URL of another
    /// scheme (base64 never has one), a `400`; the rest must be base64 whose bytes carry a supported image
    /// signature. Errors name the entry (`images[1]`, `image`, …).
    public static func parse(_ input: StudioCall.Input) -> Result<InputImage, APIError> {
        let value = input.value
        let field = input.field
        guard !value.isEmpty else {
            return .failure(.badRequest("\(field) is empty: expected an http(s) URL or raw base64 of \(Self.formats)."))
        }
        if let rest = Self.dropHTTPScheme(value) {
            let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard !host.isEmpty else { return .failure(.badRequest("\(field) is not a valid URL: it has no host.")) }
            return .success(.url(value))
        }
        if value.utf8.contains(UInt8(ascii: ":")) {
            if value.utf8.starts(with: "data:".utf8) {
                return .failure(
                    .badRequest("\(field) is a data: URL; send the raw base64 without the data: prefix."))
            }
            return .failure(.badRequest("\(field) is not an http or https URL."))
        }
        guard let bytes = Base64.decode(value) else {
            return .failure(.badRequest("\(field) is neither an http(s) URL nor valid base64."))
        }
        guard let format = ImageSignature.detect(bytes) else {
            return .failure(.badRequest("\(field) is not \(Self.formats)."))
        }
        let size = ImageDimensions.read(bytes)
        return .success(.inline(format: format, width: size?.width, height: size?.height))
    }

    /// The text after `http://` or `https://` (scheme in any case), or nil.
    private static func dropHTTPScheme(_ value: String) -> Substring? {
        for scheme in ["http://", "https://"] {
            let head = value.utf8.prefix(scheme.utf8.count)
            if head.count == scheme.utf8.count,
                zip(head, scheme.utf8).allSatisfy({ ($0 | 0x20) == $1 || $0 == $1 })
            {
                return value.dropFirst(scheme.count)
            }
        }
        return nil
    }
}
