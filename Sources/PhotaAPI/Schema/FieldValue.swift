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

    /// The string, or nil for any other case.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The items as strings (a `list[str]` field), dropping anything that is not a string.
    public var strings: [String] {
        guard case .list(let items) = self else { return [] }
        return items.compactMap(\.string)
    }
}
