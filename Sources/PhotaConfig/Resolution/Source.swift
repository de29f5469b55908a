// SPDX-License-Identifier: Apache-2.0

/// Where an option's value came from. The first source that sets an option wins, in this order.
public enum Source: Sendable, Equatable {
    /// The command line.
    case flag
    /// The option's environment variable.
    case environment
    /// The config file, under `key` (the option's key, or its alias such as `scheduler.timeScale`).
    case file(path: String, key: String)
    /// The table's default.
    case `default`

    /// `flag`, `env`, `file` or `default`: the source's name in `phota-mock config --format json`.
    public var name: String {
        switch self {
        case .flag: "flag"
        case .environment: "env"
        case .file: "file"
        case .default: "default"
        }
    }
}

/// An option's value once every source has been read, and where it came from.
public struct Resolved: Sendable, Equatable {
    /// nil when the option is unset (no credit limit, no admin token).
    public let value: OptionValue?
    /// The source that set it, or `.default`.
    public let source: Source

    /// - Parameters:
    ///   - value: nil for an unset option.
    ///   - source: where it came from.
    public init(value: OptionValue?, source: Source) {
        self.value = value
        self.source = source
    }
}
