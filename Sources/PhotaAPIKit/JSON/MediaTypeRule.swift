// SPDX-License-Identifier: Apache-2.0

/// FastAPI's test for a JSON body (`fastapi/routing.py`, strict content type, the default): the header is parsed
/// with `email.message.Message.get_content_type()`, and the body is JSON when the main type is `application`
/// and the subtype is `json` or ends in `+json`. No or an empty header means "not JSON".
package enum MediaTypeRule {
    /// Whether a `Content-Type` value makes FastAPI parse the body as JSON.
    package static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType, !contentType.isEmpty else { return false }
        // The value nearly every client sends; everything else takes the general path.
        if contentType == "application/json" { return true }
        // `_splitparam`: the part before the first ';', stripped, lowercased; not exactly one '/' means text/plain.
        let beforeParameters = contentType.utf8.split(
            separator: UInt8(ascii: ";"), maxSplits: 1, omittingEmptySubsequences: false)[0]
        let mediaType = self.pythonStrip(Substring(beforeParameters)).lowercased()
        let parts = mediaType.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].elementsEqual("application".utf8) else { return false }
        let subtype = Substring(parts[1])
        return subtype == "json" || subtype.hasSuffix("+json")
    }

    /// Python's `str.strip()`: Unicode whitespace plus the C0 separators U+001C…U+001F.
    private static func pythonStrip(_ text: Substring) -> Substring {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
        }
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        return Substring(scalars)
    }
}
