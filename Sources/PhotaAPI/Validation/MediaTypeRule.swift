// SPDX-License-Identifier: Apache-2.0

/// FastAPI's test for a JSON body (`fastapi/routing.py`, strict content type, the default): the header is parsed
/// with `email.message.Message.get_content_type()`, and the body is JSON when the main type is `application`
/// and the subtype is `json` or ends in `+json`. No or an empty header means "not JSON".
package enum MediaTypeRule {
    /// Whether a `Content-Type` value makes FastAPI parse the body as JSON.
    package static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType, !contentType.isEmpty else { return false }
        // `_splitparam`: the part before the first ';', stripped, lowercased; not exactly one '/' means text/plain.
        let beforeParameters = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let mediaType = self.pythonStrip(Substring(beforeParameters)).lowercased()
        let parts = mediaType.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "application" else { return false }
        return parts[1] == "json" || parts[1].hasSuffix("+json")
    }

    /// Python's `str.strip()`: Unicode whitespace plus the C0 separators U+001C…U+001F.
    private static func pythonStrip(_ text: Substring) -> Substring {
        func isSpace(_ character: Character) -> Bool {
            character.unicodeScalars.allSatisfy { $0.properties.isWhitespace || (0x1C...0x1F).contains($0.value) }
        }
        var result = text
        while let first = result.first, isSpace(first) { result.removeFirst() }
        while let last = result.last, isSpace(last) { result.removeLast() }
        return result
    }
}
