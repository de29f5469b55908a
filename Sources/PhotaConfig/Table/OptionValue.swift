// SPDX-License-Identifier: Apache-2.0

/// A parsed option value. Ports and whole numbers are `integer`, choices and tokens are `text`.
public enum OptionValue: Sendable, Equatable {
    /// Text, a choice or a token.
    case text(String)
    /// A port or a whole number.
    case integer(Int)
    /// A seed.
    case unsigned(UInt64)
    /// Seconds, dollars, a scale, a percentage or a probability.
    case number(Double)
    /// On or off.
    case flag(Bool)
    /// A repeatable option's items, in order.
    case list([String])

    /// The value as a JSON literal: how `phota-mock config` and the config file spell it.
    public var json: String {
        switch self {
        case .text(let text): JSONValue.quoted(text)
        case .integer(let value): String(value)
        case .unsigned(let value): String(value)
        case .number(let value): Self.plain(value)
        case .flag(let value): value ? "true" : "false"
        case .list(let items): "[" + items.map(JSONValue.quoted).joined(separator: ",") + "]"
        }
    }

    /// The value as `--help` shows a default: no quotes around text.
    public var plainText: String {
        switch self {
        case .text(let text): text
        case .flag(let value): value ? "on" : "off"
        case .list(let items): items.joined(separator: ",")
        default: self.json
        }
    }

    /// `10`, not `10.0`, for a whole number of seconds or dollars, as the README writes them.
    static func plain(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
