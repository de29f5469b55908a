// SPDX-License-Identifier: Apache-2.0

/// Words in a prompt that make a request fail the way the real service can, for tests (any ASCII case).
public enum StudioTrigger: String, Sendable, CaseIterable {
    /// `400 CONTENT_MODERATION` at once; nothing charged.
    case moderation = "phota-moderation"
    /// `500 INTERNAL_ERROR` once the processing time has passed; the charge refunded.
    case renderFailure = "phota-fail-render"
    /// The processing takes longer than the synchronous budget: `504` after 600 s of simulated time, refunded.
    case timeout = "phota-timeout"

    /// The first trigger `prompt` holds, in the order above.
    public static func find(in prompt: String?) -> StudioTrigger? {
        guard let prompt, prompt.utf8.contains(UInt8(ascii: "-")) else { return nil }
        let folded = String(decoding: prompt.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        return Self.allCases.first { folded.utf8.firstRange(of: $0.rawValue.utf8) != nil }
    }
}
