// SPDX-License-Identifier: Apache-2.0

/// The type of one request field, as Pydantic 2 validates it in lax (Python) mode: FastAPI hands the validator
/// the objects `json.loads` produced, so `"2"` passes as an `int` and `"yes"` as a `bool`.
///
/// Each case reproduces one pydantic-core validator, error types, messages, `ctx` and order included; the
/// recorded answers in `fixtures/validation*` pin every rule down.
public enum FieldType: Sendable {
    /// `str`, with `min_length`/`max_length` (code points, as Python's `len`) when given. A length constraint
    /// makes pydantic-core read the text as UTF-8, which a lone surrogate cannot be: then `string_unicode`.
    case string(length: Bounds?)
    /// `int` with `ge`/`le` (both required, inside `Int`'s range, so that every accepted value fits in `Int`).
    case integer(Bounds)
    /// `bool`.
    case boolean
    /// A `str` enum: only the exact values match.
    case enumeration(EnumCases)
    /// `list[item]` with `min_length`/`max_length` when given.
    indirect case list(of: FieldType, count: Bounds?)
    /// `Optional[wrapped]`: `null` is accepted as `None`, anything else validated as `wrapped`.
    indirect case nullable(FieldType)

    /// An unconstrained `str`.
    public static let plainString = FieldType.string(length: nil)

    /// The `str` enum whose values are `E`'s raw values, in declaration order.
    public static func enumeration<E: CaseIterable & RawRepresentable & Sendable>(of _: E.Type) -> FieldType
    where E.RawValue == String {
        .enumeration(EnumCases(E.allCases.map(\.rawValue)))
    }

    /// Validates `input`, appending any errors to `context`.
    /// - Parameters:
    ///   - input: The JSON value the client sent.
    ///   - loc: Where the value is (`["body", "tag"]`), for the error items; built only when one is reported, so
    ///     a valid list allocates no location per item.
    ///   - context: Collects errors and notes lone surrogates that passed.
    /// - Returns: The converted value, or nil when invalid (the errors are in `context`).
    package func validate(
        _ input: JSONValue,
        at loc: @autoclosure () -> [ValidationErrorItem.LocationElement],
        in context: inout ValidationContext
    ) -> FieldValue? {
        switch self {
        case .string(let length): Self.validateString(input, length: length, at: loc(), in: &context)
        case .integer(let bounds): Self.validateInteger(input, bounds: bounds, at: loc(), in: &context)
        case .boolean: Self.validateBoolean(input, at: loc(), in: &context)
        case .enumeration(let cases): Self.validateEnumeration(input, cases: cases, at: loc(), in: &context)
        case .list(let item, let count): Self.validateList(input, item: item, count: count, at: loc(), in: &context)
        case .nullable(let wrapped):
            if case .null = input { .null } else { wrapped.validate(input, at: loc(), in: &context) }
        }
    }
}
