// SPDX-License-Identifier: Apache-2.0

/// The file-format check applied to image URLs during validation.
enum ImageURL {
    /// Extensions of the formats the service accepts: JPEG, PNG, WebP, HEIC/HEIF.
    static let supportedExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "heic", "heif"]

    /// The lowercased extension of the URL's last path segment; query and fragment are ignored.
    ///
    /// `https://h/a/b.JPG?x=1` → `jpg`; `https://h/a/b` and `https://h` → nil.
    static func pathExtension(_ url: String) -> String? {
        var rest = Substring(url)
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let offset = ASCIISearch.firstOffset(of: "://", in: rest) {
            // The authority is not part of the path: `https://example.png` has no extension.
            let afterScheme = rest[rest.utf8.index(rest.startIndex, offsetBy: offset + 3)...]
            guard let slash = afterScheme.firstIndex(of: "/") else { return nil }
            rest = afterScheme[slash...]
        }
        let segment = rest.split(separator: "/", omittingEmptySubsequences: false).last ?? rest
        guard let dot = segment.lastIndex(of: "."), segment.index(after: dot) != segment.endIndex else { return nil }
        return segment[segment.index(after: dot)...].lowercased()
    }

    /// True when the URL names a supported format.
    static func isSupported(_ url: String) -> Bool {
        guard let ext = self.pathExtension(url) else { return false }
        return self.supportedExtensions.contains(ext)
    }
}
