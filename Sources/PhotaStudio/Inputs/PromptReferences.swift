// SPDX-License-Identifier: Apache-2.0

/// The identities a prompt names as `[[profile_id]]`.
public enum PromptReferences {
    /// Every `[[…]]` in `prompt`, in order of appearance, with what is between the brackets taken as a
    /// profile id exactly as written (no trimming). An empty `[[]]` or one holding `[` or `]` names nothing.
    public static func profileIDs(in prompt: String) -> [String] {
        var ids: [String] = []
        let bytes = Array(prompt.utf8)
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "["), bytes[index + 1] == UInt8(ascii: "[") else {
                index += 1
                continue
            }
            let start = index + 2
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "]"), bytes[end] != UInt8(ascii: "[") { end += 1 }
            if end + 1 < bytes.count, bytes[end] == UInt8(ascii: "]"), bytes[end + 1] == UInt8(ascii: "]"), end > start
            {
                ids.append(String(decoding: bytes[start..<end], as: UTF8.self))
                index = end + 2
            } else {
                index = max(end, index + 1)
            }
        }
        return ids
    }

    /// The prompt's references, then `listed`, each id once (first occurrence kept; ids compared by bytes).
    public static func merged(prompt: String?, listed: [String]) -> [String] {
        var seen: Set<[UInt8]> = []
        var out: [String] = []
        for id in Self.profileIDs(in: prompt ?? "") + listed where seen.insert(Array(id.utf8)).inserted {
            out.append(id)
        }
        return out
    }
}
