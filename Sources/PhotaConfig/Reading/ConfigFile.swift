// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials

/// The JSON config file (`--config`): one object whose keys are the table's file keys, plus the
/// `scheduler` section whose settings `SchedulerConfig` documents (per-tier durations, failure rules).
///
/// ```json
/// {"port": 0, "max_body_bytes": 1048576, "api_keys": ["team-a"], "credit": 10,
///  "scheduler": {"preset": "realistic", "fast": {"validating": 1, "slots": 4}}}
/// ```
///
/// Every key of the section but two is an option's alias (`scheduler.fast.training` is `fast_training`);
/// `sectionOnly` lists the two.
public struct ConfigFile: Sendable {
    /// The path as given: messages name the file by it.
    public let path: String
    private let members: [String: JSONValue]

    /// The section's settings no option reads: `seed` seeds only the scheduler (the top-level `seed`, when
    /// the section has none, seeds it as well as profile ids), and `failureRules` is a list of objects.
    public static let sectionOnly = ["scheduler.seed", "scheduler.failureRules"]

    /// Reads and checks the file: it must be a JSON object whose every key, in the sections too, is an
    /// option's key or alias or one of `sectionOnly`, and whose sections are objects.
    /// - Throws: `ConfigError` for an unreadable file, malformed JSON, a section that is not an object, or an
    ///   unknown key (the first in sorted order, depth first), with the nearest known key when one is near.
    init(path: String, options: [OptionSpec]) throws(ConfigError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read --config \(path)")
        }
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ConfigError("invalid --config \(path): \(error)")
        }
        guard case .object(let members) = document else {
            throw ConfigError("invalid --config \(path): not a JSON object")
        }
        let known = options.compactMap(\.fileKey) + options.compactMap(\.fileAlias) + Self.sectionOnly
        try Self.check(members, under: "", known: known, path: path)
        self.path = path
        self.members = members
    }

    /// Checks the keys of the object at `prefix` (`""` for the whole file, else `scheduler.` and the like).
    private static func check(
        _ object: [String: JSONValue], under prefix: String, known: [String], path: String
    ) throws(ConfigError) {
        var leaves: [String] = []
        var sections: [String] = []
        for full in known where full.hasPrefix(prefix) {
            let rest = full.dropFirst(prefix.count)
            if let dot = rest.firstIndex(of: ".") {
                sections.append(String(rest[..<dot]))
            } else {
                leaves.append(String(rest))
            }
        }
        for key in object.keys.sorted() where !leaves.contains(key) {
            let value = object[key]!
            guard sections.contains(key) else {
                let suggestion = Suggestion.nearest(key, among: leaves + sections)
                throw ConfigError(
                    "unknown key \(JSONValue.quoted(prefix + key)) in --config \(path)"
                        + (suggestion.map { " (did you mean \(JSONValue.quoted(prefix + $0))?)" } ?? ""))
            }
            switch value {
            case .object(let members): try Self.check(members, under: prefix + key + ".", known: known, path: path)
            case .null: continue
            default:
                throw ConfigError(
                    "\(JSONValue.quoted(prefix + key)) in --config \(path) must be an object, not \(value.text)")
            }
        }
    }

    /// The option's value in the file and the key path it was found under: its key, else its alias.
    func value(for option: OptionSpec) -> (value: JSONValue, key: String)? {
        if let key = option.fileKey, let value = self.members[key] { return (value, key) }
        guard let alias = option.fileAlias, let value = self.member(at: alias) else { return nil }
        return (value, alias)
    }

    /// The value at a dotted path (`scheduler.fast.slots`); nil when a part is missing or not an object.
    func member(at dotted: String) -> JSONValue? {
        var node = JSONValue.object(self.members)
        for part in dotted.split(separator: ".") {
            guard case .object(let members) = node, let next = members[String(part)] else { return nil }
            node = next
        }
        return node
    }
}
