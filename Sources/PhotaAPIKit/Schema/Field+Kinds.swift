// SPDX-License-Identifier: Apache-2.0

/// Typed constructors, one per kind of field the API uses; each passes its store the Swift value.
extension Field {
    /// `name: str` (with `min_length`/`max_length` when `length` is given).
    public static func string(
        _ name: String,
        length: Bounds? = nil,
        required: Bool = false,
        _ store: @escaping @Sendable (inout Model, String) -> Void
    ) -> Self {
        Self(name, type: .string(length: length), required: required) { model, value in
            if let text = value.string { store(&model, text) }
        }
    }

    /// `name: Optional[str] = None` (with `min_length`/`max_length` when `length` is given).
    public static func optionalString(
        _ name: String,
        length: Bounds? = nil,
        _ store: @escaping @Sendable (inout Model, String?) -> Void
    ) -> Self {
        Self(name, type: .nullable(.string(length: length))) { model, value in store(&model, value.string) }
    }

    /// `name: list[str]` (with `min_length`/`max_length` when `count` is given).
    public static func stringList(
        _ name: String,
        count: Bounds? = nil,
        required: Bool = false,
        _ store: @escaping @Sendable (inout Model, [String]) -> Void
    ) -> Self {
        Self(name, type: .list(of: .plainString, count: count), required: required) { model, value in
            store(&model, value.strings)
        }
    }

    /// `name: int = Field(ge=…, le=…)`.
    /// - Precondition: Both bounds strictly inside `Int`'s range, so that a saturated big integer fails them.
    public static func integer(
        _ name: String,
        _ bounds: ClosedRange<Int>,
        required: Bool = false,
        _ store: @escaping @Sendable (inout Model, Int) -> Void
    ) -> Self {
        precondition(bounds.lowerBound > Int.min && bounds.upperBound < Int.max, "integer bounds must be inside Int")
        return Self(name, type: .integer(Bounds(bounds)), required: required) { model, value in
            if case .int(let number) = value { store(&model, number) }
        }
    }

    /// `name: bool`.
    public static func boolean(
        _ name: String,
        required: Bool = false,
        _ store: @escaping @Sendable (inout Model, Bool) -> Void
    ) -> Self {
        Self(name, type: .boolean, required: required) { model, value in
            if case .bool(let flag) = value { store(&model, flag) }
        }
    }

    /// `name: E`, a `str` enum whose values are `E`'s raw values.
    public static func enumeration<E: CaseIterable & RawRepresentable & Sendable>(
        _ name: String,
        _: E.Type = E.self,
        required: Bool = false,
        _ store: @escaping @Sendable (inout Model, E) -> Void
    ) -> Self where E.RawValue == String {
        Self(name, type: .enumeration(of: E.self), required: required) { model, value in
            if let raw = value.string, let member = E(rawValue: raw) { store(&model, member) }
        }
    }

    /// `name: Optional[E] = None`, a nullable `str` enum.
    public static func optionalEnumeration<E: CaseIterable & RawRepresentable & Sendable>(
        _ name: String,
        _: E.Type = E.self,
        _ store: @escaping @Sendable (inout Model, E?) -> Void
    ) -> Self where E.RawValue == String {
        Self(name, type: .nullable(.enumeration(of: E.self))) { model, value in
            store(&model, value.string.flatMap(E.init(rawValue:)))
        }
    }
}
