// SPDX-License-Identifier: Apache-2.0

/// A path pattern for fault rules and journal filters: `*` matches one path segment, a trailing
/// `**` matches the rest, `{name}` is the same as `*`; anything else matches literally.
///
/// ```swift
/// PathPattern("/v1/phota/profiles/*/status").matches("/v1/phota/profiles/abc/status")  // true
/// ```
public struct PathPattern: Sendable, Equatable, Codable {
    public let text: String
    private let segments: [Segment]

    private enum Segment: Sendable {
        case literal([UInt8])
        case any
        case rest
    }

    public init(_ text: String) {
        self.text = text
        self.segments = text.split(separator: "/", omittingEmptySubsequences: false).map { part in
            if part == "**" { return .rest }
            if part == "*" || (part.hasPrefix("{") && part.hasSuffix("}")) { return .any }
            return .literal(Array(part.utf8))
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.text)
    }

    /// True when `path` matches. Walks the path's bytes once without allocating: metrics label every
    /// request with it.
    public func matches(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            var start = 0
            for (index, segment) in self.segments.enumerated() {
                if case .rest = segment { return index == self.segments.count - 1 }
                // Path segments: [start, end) up to the next "/"; start past the end means none is left.
                guard start <= bytes.count else { return false }
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "/") { end += 1 }
                if case .literal(let literal) = segment {
                    guard end - start == literal.count else { return false }
                    for offset in 0..<literal.count where bytes[start + offset] != literal[offset] { return false }
                }
                start = end + 1
            }
            return start > bytes.count
        }
    }

    public static func == (lhs: PathPattern, rhs: PathPattern) -> Bool { lhs.text.hasSameBytes(as: rhs.text) }
}
