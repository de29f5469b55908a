// SPDX-License-Identifier: Apache-2.0

/// The values of a `str` enum and Pydantic's wording of them, worked out once when the schema is built.
public struct EnumCases: Sendable {
    /// The values, in declaration order.
    public let values: [String]
    /// Pydantic's list of the values for `msg` and `ctx.expected`: `'a' or 'b'`, `'a', 'b' or 'c'`.
    public let expected: String

    /// Cases with these values. Each value must be one Python's `repr` writes in single quotes unchanged
    /// (no quote, backslash or control character), which holds for every enum of the API.
    public init(_ values: [String]) {
        precondition(!values.isEmpty, "an enum needs at least one value")
        precondition(
            values.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0 != "'" && $0 != "\\" } },
            "enum values must print unchanged inside Python's repr quotes")
        self.values = values
        let quoted = values.map { "'" + $0 + "'" }
        // pydantic-core `expected_repr_name`: all but the last joined with ", ", then " or " and the last.
        self.expected =
            quoted.count == 1
            ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted[quoted.count - 1]
    }

    /// The value equal to `text` code point for code point (never by canonical equivalence), if any.
    func match(_ text: String) -> String? {
        self.values.first { $0.hasSameBytes(as: text) }
    }
}
