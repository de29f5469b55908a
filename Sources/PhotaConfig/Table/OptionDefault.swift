// SPDX-License-Identifier: Apache-2.0

/// What an option is when no flag, variable or file key sets it.
public enum OptionDefault: Sendable {
    /// A fixed value.
    case value(OptionValue)
    /// A value worked out only when needed (the cores for `--threads`), with how `--help` describes it.
    case computed(String, @Sendable (Environment) -> OptionValue)
    /// No value (the option is off or unlimited), with how `--help` describes that.
    case none(String)

    /// How `--help` and the README show the default.
    public var description: String {
        switch self {
        case .value(let value): value.plainText
        case .computed(let description, _), .none(let description): description
        }
    }
}
