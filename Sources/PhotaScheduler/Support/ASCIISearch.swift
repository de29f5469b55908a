// SPDX-License-Identifier: Apache-2.0

/// Substring search over UTF-8 bytes, ASCII case folded on request. Every profile's URLs go through
/// it when its plan is made, so it works in place: no lowercased copies, no arrays, no `Character`s.
enum ASCIISearch {
    /// The offset of the first `pattern` in `bytes`, or nil. With `ignoringCase`, ASCII capitals in
    /// `bytes` are folded before comparing, so `pattern` must be lowercase.
    static func firstOffset(
        of pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, ignoringCase: Bool = false
    ) -> Int? {
        guard !pattern.isEmpty else { return 0 }
        guard bytes.count >= pattern.count else { return nil }
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

    /// True when `text` contains `needle` (given in lowercase), ignoring ASCII case.
    static func contains(_ needle: String, in text: String) -> Bool {
        // Native strings hand out their UTF-8 storage without copying.
        var needle = needle
        var text = text
        return needle.withUTF8 { pattern in
            text.withUTF8 { self.firstOffset(of: pattern, in: $0, ignoringCase: true) != nil }
        }
    }
}
