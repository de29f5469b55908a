// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler

/// The scheduler section's settings that no option reads (`ConfigFile.sectionOnly`), checked with the
/// same wording as an option's key.
extension ConfigFile {
    /// `scheduler.seed`: the scheduler's own seed; nil when absent or `null`.
    func schedulerSeed() throws(ConfigError) -> UInt64? {
        let key = "scheduler.seed"
        guard let json = self.member(at: key), json != .null else { return nil }
        guard case .unsigned(let seed) = try ValueReader.fromFile(json, .unsigned, place: self.place(key)) else {
            preconditionFailure("an unsigned kind parses to .unsigned")
        }
        return seed
    }

    /// `scheduler.failureRules`: `[{"tag", "apiKey", "phase", "message"}]`, `phase` and `message` required;
    /// nil when absent or `null`.
    func failureRules() throws(ConfigError) -> [FailureRule]? {
        let key = "scheduler.failureRules"
        guard let json = self.member(at: key), json != .null else { return nil }
        guard case .array(let items) = json else {
            throw ConfigError("\(self.place(key)) must be an array of objects, not \(json.text)")
        }
        var rules: [FailureRule] = []
        for (index, item) in items.enumerated() {
            rules.append(try self.failureRule(item, at: "\(key)[\(index)]"))
        }
        return rules
    }

    private static let ruleFields = ["tag", "apiKey", "phase", "message"]
    private static let phases = ValueKind.choice(FailurePhase.allCases.map(\.rawValue))

    private func failureRule(_ item: JSONValue, at key: String) throws(ConfigError) -> FailureRule {
        guard case .object(let members) = item else {
            throw ConfigError("\(self.place(key)) must be an object, not \(item.text)")
        }
        for field in members.keys.sorted() where !Self.ruleFields.contains(field) {
            let suggestion = Suggestion.nearest(field, among: Self.ruleFields)
            throw ConfigError(
                "unknown key \(JSONValue.quoted(key + "." + field)) in --config \(self.path)"
                    + (suggestion.map { " (did you mean \(JSONValue.quoted(key + "." + $0))?)" } ?? ""))
        }
        func text(_ field: String, _ kind: ValueKind) throws(ConfigError) -> String? {
            guard let json = members[field], json != .null else { return nil }
            guard case .text(let text) = try ValueReader.fromFile(json, kind, place: self.place(key + "." + field))
            else { preconditionFailure("a text kind parses to .text") }
            return text
        }
        guard let phase = try text("phase", Self.phases).flatMap(FailurePhase.init(rawValue:)) else {
            throw ConfigError("\(self.place(key)) must have a \"phase\": \(Self.phases.expected)")
        }
        guard let message = try text("message", .text) else {
            throw ConfigError("\(self.place(key)) must have a \"message\": a string")
        }
        return FailureRule(
            tag: try text("tag", .text), apiKey: try text("apiKey", .text), phase: phase, message: message)
    }

    /// `"scheduler.seed" in --config PATH`: how a message names a key of this file.
    private func place(_ key: String) -> String {
        "\(JSONValue.quoted(key)) in --config \(self.path)"
    }
}
