// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials

/// The JSON config file (`--config`): one object whose keys are the table's file keys, plus the
/// `scheduler` section that `SchedulerConfig` reads (per-tier durations, failure rules).
///
/// ```json
/// {"port": 0, "max_body_bytes": 1048576, "api_keys": ["team-a"], "credit": 10,
///  "scheduler": {"preset": "realistic", "fast": {"validating": 1, "slots": 4}}}
/// ```
public struct ConfigFile: Sendable {
    /// The path as given: messages name the file by it.
    public let path: String
    /// The file's bytes, for `SchedulerConfig.load(json:)`.
    let data: Data
    private let members: [String: JSONValue]

    /// Top-level keys that are sections read elsewhere, not options.
    static let sections: Set<String> = ["scheduler"]

    /// Reads and checks the file: it must be a JSON object whose every key is a section or an option's key.
    /// - Throws: `ConfigError` for an unreadable file, malformed JSON, or an unknown key (the first in sorted order).
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
        let known = Set(options.compactMap(\.fileKey)).union(Self.sections)
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw ConfigError("unknown key \(JSONValue.quoted(unknown)) in --config \(path)")
        }
        self.path = path
        self.data = data
        self.members = members
    }

    /// The option's value in the file and the key path it was found under: its key, else its alias.
    func value(for option: OptionSpec) -> (value: JSONValue, key: String)? {
        if let key = option.fileKey, let value = self.members[key] { return (value, key) }
        guard let alias = option.fileAlias else { return nil }
        var node = JSONValue.object(self.members)
        for part in alias.split(separator: ".") {
            guard case .object(let members) = node, let next = members[String(part)] else { return nil }
            node = next
        }
        return (node, alias)
    }
}
