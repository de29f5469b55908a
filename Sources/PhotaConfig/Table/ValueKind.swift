// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// What an option's value is: how its text parses, what range it must fall in, and how errors and
/// `--help` describe it. Every source (flag, environment, file) goes through the same `parse`.
public enum ValueKind: Sendable {
    /// Any text (a host, a path).
    case text
    /// Visible ASCII only (an admin token); empty means none.
    case token
    /// One of a fixed set of words.
    case choice([String])
    /// A TCP port, 0–65535.
    case port
    /// A whole number within the range.
    case integer(ClosedRange<Int>)
    /// A whole number from 0 to 2^64 - 1 (a seed).
    case unsigned
    /// A finite number within the range.
    case number(ClosedRange<Double>)
    /// A finite number greater than 0 (a time scale).
    case positive
    /// Seconds, more than 0 and less than a day.
    case seconds
    /// Simulated seconds, 0 or more with no upper bound (a phase of simulated training).
    case duration
    /// A non-negative amount in dollars.
    case dollars
    /// On or off: a bare flag on the command line.
    case flag
    /// Text given any number of times: the flag repeated, comma-separated in the environment, an array in the file.
    case list

    /// The outcome of parsing one value.
    enum Parsed {
        case value(OptionValue)
        /// Not of the kind at all (`"http"` for a port): the message says what it must be and what it was.
        case malformed
        /// Of the kind but out of range (`0` threads): the message states the range.
        case outOfRange
    }

    /// Parses one value's text, as given on the command line or in the environment.
    func parse(_ text: String) -> Parsed {
        switch self {
        case .text: return .value(.text(text))
        case .token: return Self.isToken(text) ? .value(.text(text)) : .malformed
        case .choice(let words): return words.contains(text) ? .value(.text(text)) : .malformed
        case .port: return UInt16(text).map { .value(.integer(Int($0))) } ?? .malformed
        case .integer(let range):
            guard let value = Int(text) else { return .malformed }
            return range.contains(value) ? .value(.integer(value)) : .outOfRange
        case .unsigned: return UInt64(text).map { .value(.unsigned($0)) } ?? .malformed
        case .number, .positive, .seconds, .duration, .dollars:
            guard let value = Double(text) else { return .malformed }
            return self.accepts(value) ? .value(.number(value)) : .outOfRange
        case .flag: return Self.flagWords[text.lowercased()].map { .value(.flag($0)) } ?? .malformed
        case .list: return .value(.list([text]))
        }
    }

    private func accepts(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        switch self {
        case .number(let range): return range.contains(value)
        case .positive: return value > 0
        case .seconds: return value > 0 && value < 86_400
        default: return value >= 0
        }
    }

    /// The spellings of on and off that environment variables and `--flag=…` accept.
    static let flagWords = [
        "1": true, "true": true, "yes": true, "on": true, "0": false, "false": false, "no": false, "off": false,
    ]

    /// Empty (none), or as `APIKey.rule` says: a token outside it could never be presented in a header.
    private static func isToken(_ text: String) -> Bool {
        text.isEmpty || APIKey.isWellFormed(text)
    }
}
