// SPDX-License-Identifier: Apache-2.0

/// A configured failure: profiles matching `tag` and/or `apiKey` fail at the end of `phase` with `message`.
///
/// A rule with neither `tag` nor `apiKey` matches every profile. Rules are tried in order; the first match wins.
public struct FailureRule: Codable, Sendable, Equatable, Hashable {
    /// Matches profiles added with exactly this tag (nil: any tag, including none).
    public var tag: String?
    /// Matches profiles of exactly this API key (nil: any account).
    public var apiKey: String?
    /// The phase that ends in `ERROR`.
    public var phase: FailurePhase
    /// The `ERROR` message.
    public var message: String

    /// - Parameters:
    ///   - tag: the tag to match, or nil for any.
    ///   - apiKey: the API key to match, or nil for any.
    ///   - phase: the phase that ends in `ERROR`.
    ///   - message: the `ERROR` message.
    public init(tag: String? = nil, apiKey: String? = nil, phase: FailurePhase, message: String) {
        self.tag = tag
        self.apiKey = apiKey
        self.phase = phase
        self.message = message
    }

    /// True when the rule applies to a profile of `apiKey` added with `tag`.
    func matches(apiKey: String, tag: String?) -> Bool {
        // Bytes, not `==` (canonical equivalence): a rule for one spelling of a tag must not catch another.
        if let wanted = self.tag, tag.map({ !wanted.utf8.elementsEqual($0.utf8) }) ?? true { return false }
        if let wanted = self.apiKey, !wanted.utf8.elementsEqual(apiKey.utf8) { return false }
        return true
    }
}
