// SPDX-License-Identifier: Apache-2.0

/// Substring search over UTF-8 bytes, ASCII case folded on request. Every profile's URLs go through
/// it when its plan is made, so it avoids Foundation's `range(of:)` and any lowercased copies.
enum ASCIISearch {
    /// The byte offset of the first `needle` in `text`, or nil.
    static func firstOffset(of needle: String, in text: Substring, ignoringCase: Bool = false) -> Int? {
        let pattern = Array(needle.utf8)
        var haystack = String(text)
        return haystack.withUTF8 { bytes -> Int? in
            guard !pattern.isEmpty, bytes.count >= pattern.count else { return pattern.isEmpty ? 0 : nil }
            outer: for start in 0...(bytes.count - pattern.count) {
                for index in 0..<pattern.count {
                    var byte = bytes[start + index]
                    if ignoringCase && byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                    if byte != pattern[index] { continue outer }
                }
                return start
            }
            return nil
        }
    }

    /// True when `text` contains `needle` (given in lowercase), ignoring ASCII case.
    static func contains(_ needle: String, in text: String) -> Bool {
        self.firstOffset(of: needle, in: Substring(text), ignoringCase: true) != nil
    }
}
