// SPDX-License-Identifier: Apache-2.0

/// Every option's value and source: flag, else environment variable, else config file, else default.
public struct Settings: Sendable {
    /// The table the values were resolved against, in its order.
    public let options: [OptionSpec]
    /// The config file, when `--config` or `PHOTA_MOCK_CONFIG` named one.
    public let file: ConfigFile?
    private let values: [String: Resolved]

    /// Resolves every option of `options`.
    /// - Parameters:
    ///   - flags: each option's texts from the command line, by name.
    ///   - environment: where the variables are read.
    /// - Throws: `ConfigError` naming the flag, variable or key whose value is malformed or out of range,
    ///   or an unknown key in the file.
    init(flags: [String: [String]], environment: Environment, options: [OptionSpec]) throws(ConfigError) {
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
