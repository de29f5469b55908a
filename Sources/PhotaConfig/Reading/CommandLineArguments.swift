// SPDX-License-Identifier: Apache-2.0

/// The command line split into a subcommand and each option's raw texts, not yet parsed: parsing
/// happens with the other sources, so that a bad flag and a bad variable read alike.
struct CommandLineArguments: Sendable {
    /// The subcommands; the first argument may name one, `serve` when it does not.
    enum Command: String, Sendable {
        case serve, config, help
    }

    var command = Command.serve
    /// Each option's texts by name, in order: every one for a list, the last counts for the rest.
    var values: [String: [String]] = [:]
    /// `--format` of `phota-mock config`.
    var format: String?

    /// - Throws: `ConfigError` for an unknown option (with the nearest flag when one is near), a missing value,
    ///   a stray argument.
    init(_ arguments: [String], options: [OptionSpec]) throws(ConfigError) {
        var rest = arguments[...]
        if let first = rest.first, let command = Command(rawValue: first) {
            self.command = command
            rest = rest.dropFirst()
        }
        var byName: [String: OptionSpec] = [:]
        for option in options { byName[option.name] = option }
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw ConfigError("unexpected argument \(JSONValue.quoted(argument))")
            }
            let (name, inline) = Self.split(argument)
            if name == "format" && self.command == .config {
                self.format = try Self.value(inline, &rest, for: argument)
                continue
            }
            guard let option = byName[name] else {
                let flags = options.map(\.flag) + (self.command == .config ? ["--format"] : [])
                throw ConfigError(
                    "unknown option \(JSONValue.quoted("--" + name))"
                        + Suggestion.didYouMean("--" + name, among: flags))
            }
            // A bare flag is on; `--flag=false` turns off what the environment or file turned on.
            let text = option.kind.isFlag ? inline ?? "true" : try Self.value(inline, &rest, for: option.flag)
            self.values[name, default: []].append(text)
        }
    }

    /// `--name=value` as (`name`, `value`); `--name` as (`name`, nil).
    private static func split(_ argument: String) -> (String, String?) {
        let body = argument.dropFirst(2)
        guard let equals = body.firstIndex(of: "=") else { return (String(body), nil) }
        return (String(body[..<equals]), String(body[body.index(after: equals)...]))
    }

    /// The value after `=`, else the next argument; one that is itself an option (`--port --db x`)
    /// means the value was left out. `-1` is a value.
    private static func value(
        _ inline: String?, _ rest: inout ArraySlice<String>, for flag: String
    ) throws(ConfigError) -> String {
        if let inline { return inline }
        guard let value = rest.first, !value.hasPrefix("--") else { throw ConfigError("missing value for \(flag)") }
        rest = rest.dropFirst()
        return value
    }
}

extension ValueKind {
    /// A bare flag on the command line.
    var isFlag: Bool {
        if case .flag = self { return true }
        return false
    }
}
