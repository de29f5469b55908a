// SPDX-License-Identifier: Apache-2.0

/// A value as it comes out of a `FieldType`'s validation, after Pydantic's lax conversions: `"2"` and `2.0` are
/// `.int(2)` for an integer field, `"yes"` is `.bool(true)` for a boolean one, an enum member is its raw string.
public enum FieldValue: Sendable, Equatable {
    /// `None`: a nullable field that held `null`.
    case null
    /// A boolean.
    case bool(Bool)
    /// An integer (integer fields have bounds inside `Int`'s range, so every accepted value fits).
    case int(Int)
    /// A string, or the raw value of an enum member.
    case string(String)
    /// A list's items, in order.
    case list([FieldValue])
    /// A `list[str]`'s items: the common list, kept as `[String]` so that the model takes it as it is.
    case strings([String])

    /// The string, or nil for any other case.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The items of a `list[str]` field (empty for any other case).
    public var strings: [String] {
        if case .strings(let items) = self { return items }
        return []
    }
}
