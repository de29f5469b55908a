// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

extension ValueKind {
    /// What a value must be, for "`PHOTA_MOCK_PORT` must be a port number (0–65535), not "http"".
    var expected: String {
        switch self {
        case .text, .list: "text"
        case .token: APIKey.rule
        case .choice(let words): Self.either(words)
        case .port: "a port number (0–65535)"
        case .integer: "a whole number"
        case .unsigned: "a whole number from 0 to 2^64 - 1"
        case .number, .positive: "a number"
        case .seconds, .duration: "a number of seconds"
        case .dollars: "an amount in dollars"
        case .flag: "1, true, yes, on, 0, false, no or off"
        }
    }

    /// The range a well-formed value must fall in, for "--threads must be between 1 and 256."
    var range: String {
        switch self {
        case .integer(let range) where range.upperBound == .max: "at least \(range.lowerBound)"
        case .integer(let range): "between \(range.lowerBound) and \(range.upperBound)"
        case .number(let range):
            "between \(OptionValue.plain(range.lowerBound)) and \(OptionValue.plain(range.upperBound))"
        case .positive: "a finite number greater than 0"
        case .seconds: "between 0 and 86400 seconds"
        case .duration: "a finite number of seconds, 0 or more"
        case .dollars: "a non-negative amount"
        default: self.expected
        }
    }

    /// The value's placeholder in `--help`: `--port <port>`; nil for a bare flag.
    var placeholder: String? {
        switch self {
        case .text, .list: "<text>"
        case .token: "<token>"
        case .choice(let words): "<" + words.joined(separator: "|") + ">"
        case .port: "<port>"
        case .integer, .unsigned: "<n>"
        case .number, .positive: "<x>"
        case .seconds, .duration: "<seconds>"
        case .dollars: "<dollars>"
        case .flag: nil
        }
    }

    /// `a`, `a or b`, `a, b or c`.
    static func either(_ words: [String]) -> String {
        guard let last = words.last else { return "" }
        let rest = words.dropLast()
        return rest.isEmpty ? last : rest.joined(separator: ", ") + " or " + last
    }
}
