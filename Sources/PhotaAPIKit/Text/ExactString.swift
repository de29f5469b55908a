// SPDX-License-Identifier: Apache-2.0

/// A string compared and hashed by its UTF-8 bytes.
///
/// Swift's `String ==` is canonical equivalence: `"\u{E9}"` equals `"e\u{301}"`, and even the ASCII
/// `"K"` equals the Kelvin sign `"\u{212A}"`. Python, SQLite and every client compare code points or
/// bytes, so keys, tokens, tags and JSON member names that come from clients are held in this wrapper
/// wherever they are looked up.
public struct ExactString: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The text.
    public let text: String

    /// Wraps `text`.
    public init(_ text: String) { self.text = text }

    public init(stringLiteral text: String) { self.text = text }

    public var description: String { self.text }

    public static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension StringProtocol {
    /// Whether both hold the same UTF-8 bytes (not `==`, which is canonical equivalence).
    public func hasSameBytes(as other: some StringProtocol) -> Bool {
        self.utf8.elementsEqual(other.utf8)
    }
}

extension String {
    /// The string with `a`–`z` raised to `A`–`Z` and every other byte kept: unlike `uppercased()`, no non-ASCII
    /// letter can turn into an ASCII one (`"ſ".uppercased()` is `"S"`).
    public func asciiUppercased() -> String {
        String(decoding: self.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }
}
