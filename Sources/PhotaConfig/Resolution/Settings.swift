// SPDX-License-Identifier: Apache-2.0

/// Every option's value and source: flag, else environment variable, else config file, else default.
public struct Settings: Sendable {
    /// The table the values were resolved against, in its order.
    public let options: [OptionSpec]
    /// The config file, when `--config` or `PHOTA_MOCK_CONFIG` named one.
    public let file: ConfigFile?
    /// One line per `PHOTA_MOCK_` variable no option reads (without `warning: `), already passed to the
    /// environment's warning sink (stderr for the process's).
    public let warnings: [String]
    private let values: [String: Resolved]

    /// `PHOTA_MOCK_` variables that are not options but that the project's own test tooling sets for itself
    /// (the binary under test), and that reach the servers it starts: never warned about.
    static let toolingVariables = ["PHOTA_MOCK_BINARY", "PHOTA_MOCK_RELEASE_BINARY"]

    /// Resolves every option of `options`.
    /// - Parameters:
    ///   - flags: each option's texts from the command line, by name.
    ///   - environment: where the variables are read.
    /// - Throws: `ConfigError` naming the flag, variable or key whose value is malformed or out of range,
    ///   or an unknown key in the file. An unknown `PHOTA_MOCK_` variable is only a warning: tools that start
    ///   phota-mock may set others for themselves (`PHOTA_MOCK_URL` for a client) in the same environment.
    init(flags: [String: [String]], environment: Environment, options: [OptionSpec]) throws(ConfigError) {
        self.warnings = Self.unknownVariables(environment, options)
        for warning in self.warnings { environment.warn(warning) }
        let reader = ValueReader(flags: flags, environment: environment, file: nil)
        let path = try reader.resolve(Options.config)
        self.file = try path.value.map { value throws(ConfigError) in
            guard case .text(let path) = value else { preconditionFailure("--config is text") }
            return try ConfigFile(path: path, options: options)
        }
        let withFile = ValueReader(flags: flags, environment: environment, file: self.file)
        var values: [String: Resolved] = [:]
        for option in options { values[option.name] = try withFile.resolve(option) }
        self.options = options
        self.values = values
    }

    /// `ignoring unknown variable PHOTA_MOCK_PROT (did you mean PHOTA_MOCK_PORT?)` for each, sorted by name.
    private static func unknownVariables(_ environment: Environment, _ options: [OptionSpec]) -> [String] {
        let known = options.map(\.environmentVariable)
        return environment.names(withPrefix: "PHOTA_MOCK_").filter {
            !known.contains($0) && !Self.toolingVariables.contains($0)
        }.map { name in
            "ignoring unknown variable \(name)" + Suggestion.didYouMean(name, among: known, quote: { $0 })
        }
    }

    /// The option's value and source.
    public subscript(option: OptionSpec) -> Resolved {
        guard let resolved = self.values[option.name] else { preconditionFailure("\(option.flag) is not in the table") }
        return resolved
    }

    /// A text, choice or token option's value; nil when unset.
    public func text(_ option: OptionSpec) -> String? {
        guard case .text(let text)? = self[option].value else { return nil }
        return text
    }

    /// A port or whole-number option's value; nil when unset.
    public func integer(_ option: OptionSpec) -> Int? {
        guard case .integer(let value)? = self[option].value else { return nil }
        return value
    }

    /// A number option's value; nil when unset.
    public func number(_ option: OptionSpec) -> Double? {
        guard case .number(let value)? = self[option].value else { return nil }
        return value
    }

    /// An unsigned option's value; nil when unset.
    public func unsigned(_ option: OptionSpec) -> UInt64? {
        guard case .unsigned(let value)? = self[option].value else { return nil }
        return value
    }

    /// A flag's value; off when unset.
    public func flag(_ option: OptionSpec) -> Bool {
        guard case .flag(let value)? = self[option].value else { return false }
        return value
    }

    /// A list option's items; empty when unset.
    public func list(_ option: OptionSpec) -> [String] {
        guard case .list(let items)? = self[option].value else { return [] }
        return items
    }
}
