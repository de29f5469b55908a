// SPDX-License-Identifier: Apache-2.0

/// A path pattern for fault rules and journal filters: `*` matches one path segment, a trailing
/// `**` matches the rest, `{name}` is the same as `*`; anything else matches literally.
///
/// ```swift
/// PathPattern("/v1/phota/profiles/*/status").matches("/v1/phota/profiles/abc/status")  // true
/// ```
public struct PathPattern: Sendable, Equatable, Codable {
    public let text: String
    private let segments: [Substring]

    public init(_ text: String) {
        self.text = text
        self.segments = text.split(separator: "/", omittingEmptySubsequences: false)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.text)
    }

    /// True when `path` matches.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in self.segments.enumerated() {
            if segment == "**" { return index == self.segments.count - 1 }
            guard index < parts.count else { return false }
            if segment == "*" || (segment.hasPrefix("{") && segment.hasSuffix("}")) { continue }
            if segment != parts[index] { return false }
        }
        return parts.count == self.segments.count
    }

    public static func == (lhs: PathPattern, rhs: PathPattern) -> Bool { lhs.text == rhs.text }
}
