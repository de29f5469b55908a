// SPDX-License-Identifier: Apache-2.0

/// The file-format check applied to image URLs during validation.
///
/// Every URL of every added profile goes through it, so it reads the URL's UTF-8 bytes in place.
enum ImageURL {
    /// Extensions of the formats the service accepts (JPEG, PNG, WebP, HEIC/HEIF), lowercase.
    static let supportedExtensions: [[UInt8]] = ["jpg", "jpeg", "png", "webp", "heic", "heif"].map { Array($0.utf8) }

    /// True when the extension of the URL's last path segment names a supported format, in any
    /// ASCII case; query and fragment are ignored. `https://h/a/b.JPG?x=1` is supported;
    /// `https://h/a/b`, `https://h` and `https://example.png` (a host, not a path) are not.
    static func isSupported(_ url: String) -> Bool {
        var url = url
        return url.withUTF8 { bytes in
            guard let range = self.extensionRange(in: bytes) else { return false }
            return self.supportedExtensions.contains { self.equalsFoldingCase(bytes[range], $0) }
        }
    }

    /// The byte range of the last path segment's extension (after its last `.`), or nil.
    static func extensionRange(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let end = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
        var pathStart = 0
        let separator: StaticString = "://"
        let schemeEnd = ASCIISearch.firstOffset(
            of: UnsafeBufferPointer(start: separator.utf8Start, count: separator.utf8CodeUnitCount),
            in: UnsafeBufferPointer(rebasing: bytes[0..<end]))
        if let schemeEnd {
            // The authority is not part of the path: `https://example.png` has no extension.
            guard let slash = bytes[(schemeEnd + 3)..<end].firstIndex(of: UInt8(ascii: "/")) else { return nil }
            pathStart = slash
        }
        let segmentStart = bytes[pathStart..<end].lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? pathStart
        guard let dot = bytes[segmentStart..<end].lastIndex(of: UInt8(ascii: ".")), dot + 1 < end else { return nil }
        return (dot + 1)..<end
    }

    private static func equalsFoldingCase(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ lowercase: [UInt8]) -> Bool {
        guard bytes.count == lowercase.count else { return false }
        for (byte, expected) in zip(bytes, lowercase) {
            let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if folded != expected { return false }
        }
        return true
    }
}
