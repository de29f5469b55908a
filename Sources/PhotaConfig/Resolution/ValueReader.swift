// SPDX-License-Identifier: Apache-2.0

/// Reads one option from each source in turn, with one parser and one wording of errors for all.
struct ValueReader {
    let flags: [String: [String]]
    let environment: Environment
    let file: ConfigFile?

    /// The first source that sets the option, else its default.
    /// - Throws: `ConfigError` for a value the option's kind does not accept.
    func resolve(_ option: OptionSpec) throws(ConfigError) -> Resolved {
        if let texts = self.flags[option.name] {
            return Resolved(value: try self.fromFlag(texts, option), source: .flag)
        }
        if let text = self.environment[option.environmentVariable] {
            return Resolved(value: try self.fromEnvironment(text, option), source: .environment)
        }
        // `null` in the file is the default, as an empty variable is.
        if let file = self.file, let (json, key) = file.value(for: option), json != .null {
            let place = "\(JSONValue.quoted(key)) in --config \(file.path)"
            return Resolved(
                value: try Self.fromFile(json, option.kind, place: place), source: .file(path: file.path, key: key))
        }
        switch option.defaultValue {
        case .value(let value): return Resolved(value: value, source: .default)
        case .computed(_, let compute): return Resolved(value: compute(self.environment), source: .default)
        case .none: return Resolved(value: nil, source: .default)
        }
    }

    /// Every text of a list; the last of anything else (a later flag overrides an earlier one).
    private func fromFlag(_ texts: [String], _ option: OptionSpec) throws(ConfigError) -> OptionValue {
        if case .list = option.kind { return .list(texts) }
        return try Self.parse(texts[texts.count - 1], option.kind, place: option.flag)
    }

    /// A list is comma-separated, each item trimmed, empty items dropped.
    private func fromEnvironment(_ text: String, _ option: OptionSpec) throws(ConfigError) -> OptionValue {
        if case .list = option.kind {
            return .list(text.split(separator: ",").map(Self.trimmed).filter { !$0.isEmpty })
        }
        return try Self.parse(text, option.kind, place: option.environmentVariable)
    }

    /// JSON types must match: a string for text, a number for a number, `true`/`false` for a flag,
    /// an array of strings for a list. A port written `"8040"` is refused, as a typo would be.
    static func fromFile(_ json: JSONValue, _ kind: ValueKind, place: String) throws(ConfigError) -> OptionValue {
        let malformed = ConfigError("\(place) must be \(Self.fileExpected(kind)), not \(json.text)")
        switch (kind, json) {
        case (.list, .array(let items)):
            return .list(
                try items.map { item throws(ConfigError) in
                    guard case .string(let text) = item else { throw malformed }
                    return text
                })
        case (.flag, .bool(let value)): return .flag(value)
        case (.text, .string(let text)), (.token, .string(let text)), (.choice, .string(let text)):
            return try Self.parse(text, kind, place: place, shown: json.text)
        case (.port, _), (.integer, _), (.unsigned, _), (.number, _), (.positive, _), (.seconds, _), (.duration, _),
            (.dollars, _):
            guard let digits = json.numberText else { throw malformed }
            return try Self.parse(digits, kind, place: place, shown: json.text)
        default: throw malformed
        }
    }

    /// What a file value must be: the kind's words, with the JSON type where the words do not say it.
    private static func fileExpected(_ kind: ValueKind) -> String {
        switch kind {
        case .list: "an array of strings"
        case .flag: "true or false"
        case .text: "a string"
        default: kind.expected
        }
    }

    /// Parses `text`, or throws the message every source shares: `PLACE must be EXPECTED, not "TEXT"`
    /// when it is not of the kind, `PLACE must be RANGE.` when it is but out of range.
    private static func parse(
        _ text: String, _ kind: ValueKind, place: String, shown: String? = nil
    ) throws(ConfigError) -> OptionValue {
        switch kind.parse(text) {
        case .value(let value): return value
        case .malformed: throw ConfigError("\(place) must be \(kind.expected), not \(shown ?? JSONValue.quoted(text))")
        case .outOfRange: throw ConfigError("\(place) must be \(kind.range).")
        }
    }

    /// `text` without the spaces and tabs around it.
    static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
