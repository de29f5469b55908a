// SPDX-License-Identifier: Apache-2.0

/// Pydantic 2's error items, with the exact `type`, `msg` and `ctx` pydantic-core gives them.
extension ValidationErrorItem {
    typealias Location = [ValidationErrorItem.LocationElement]

    /// A required field that is absent; `input` is the whole object it was looked up in.
    static func missing(at loc: Location, input: JSONValue) -> Self {
        Self(type: "missing", loc: loc, msg: "Field required", input: input)
    }

    /// The body (or a model field) is not an object.
    static func modelAttributesType(at loc: Location, input: JSONValue) -> Self {
        Self(
            type: "model_attributes_type", loc: loc,
            msg: "Input should be a valid dictionary or object to extract fields from", input: input)
    }

    /// A `ValueError` raised by a model validator. Its `ctx` is `{"error": <the exception>}`, which FastAPI's
    /// `jsonable_encoder` turns into `{}`.
    static func valueError(_ reason: String, at loc: Location, input: JSONValue) -> Self {
        Self(
            type: "value_error", loc: loc,
            msg: "Value error, " + reason, input: input, ctx: Self.context("error", .object(JSONObject())))
    }

    static func stringType(at loc: Location, input: JSONValue) -> Self {
        Self(type: "string_type", loc: loc, msg: "Input should be a valid string", input: input)
    }

    /// pydantic-core needs a Rust `&str` (constrained strings, enums, lax numbers and booleans); a Python str
    /// holding a lone surrogate has none.
    static func stringUnicode(at loc: Location, input: JSONValue) -> Self {
        Self(
            type: "string_unicode", loc: loc,
            msg: "Input should be a valid string, unable to parse raw data as a unicode string", input: input)
    }

    static func stringTooShort(at loc: Location, input: JSONValue, minimum: Int) -> Self {
        Self(
            type: "string_too_short", loc: loc,
            msg: "String should have at least \(minimum) character\(Self.plural(minimum))",
            input: input, ctx: Self.context("min_length", .int(JSONInteger(minimum))))
    }

    static func stringTooLong(at loc: Location, input: JSONValue, maximum: Int) -> Self {
        Self(
            type: "string_too_long", loc: loc,
            msg: "String should have at most \(maximum) character\(Self.plural(maximum))",
            input: input, ctx: Self.context("max_length", .int(JSONInteger(maximum))))
    }

    static func listType(at loc: Location, input: JSONValue) -> Self {
        Self(type: "list_type", loc: loc, msg: "Input should be a valid list", input: input)
    }

    /// `too_short` (`minimum`) or `too_long` (`maximum`) for a list of `actual` items.
    static func listLength(
        at loc: Location,
        input: JSONValue,
        actual: Int,
        minimum: Int? = nil,
        maximum: Int? = nil
    ) -> Self {
        let (type, comparison, key, bound) =
            minimum.map { ("too_short", "at least", "min_length", $0) }
            ?? ("too_long", "at most", "max_length", maximum ?? 0)
        var ctx = JSONObject()
        ctx["field_type"] = .string("List")
        ctx[key] = .int(JSONInteger(bound))
        ctx["actual_length"] = .int(JSONInteger(actual))
        return Self(
            type: type, loc: loc,
            msg: "List should have \(comparison) \(bound) item\(Self.plural(bound)) after validation, not \(actual)",
            input: input, ctx: ctx)
    }

    static func enumMismatch(at loc: Location, input: JSONValue, cases: EnumCases) -> Self {
        Self(
            type: "enum", loc: loc,
            msg: "Input should be " + cases.expected, input: input,
            ctx: Self.context("expected", .string(cases.expected)))
    }

    static func intType(at loc: Location, input: JSONValue) -> Self {
        Self(type: "int_type", loc: loc, msg: "Input should be a valid integer", input: input)
    }

    static func intParsing(at loc: Location, input: JSONValue) -> Self {
        Self(
            type: "int_parsing", loc: loc,
            msg: "Input should be a valid integer, unable to parse string as an integer", input: input)
    }

    static func intParsingSize(at loc: Location, input: JSONValue) -> Self {
        Self(
            type: "int_parsing_size", loc: loc,
            msg: "Unable to parse input string as an integer, exceeded maximum size", input: input)
    }

    static func intFromFloat(at loc: Location, input: JSONValue) -> Self {
        Self(
            type: "int_from_float", loc: loc,
            msg: "Input should be a valid integer, got a number with a fractional part", input: input)
    }

    static func finiteNumber(at loc: Location, input: JSONValue) -> Self {
        Self(type: "finite_number", loc: loc, msg: "Input should be a finite number", input: input)
    }

    static func greaterThanEqual(at loc: Location, input: JSONValue, minimum: Int) -> Self {
        Self(
            type: "greater_than_equal", loc: loc,
            msg: "Input should be greater than or equal to \(minimum)", input: input,
            ctx: Self.context("ge", .int(JSONInteger(minimum))))
    }

    static func lessThanEqual(at loc: Location, input: JSONValue, maximum: Int) -> Self {
        Self(
            type: "less_than_equal", loc: loc, msg: "Input should be less than or equal to \(maximum)", input: input,
            ctx: Self.context("le", .int(JSONInteger(maximum))))
    }

    static func boolType(at loc: Location, input: JSONValue) -> Self {
        Self(type: "bool_type", loc: loc, msg: "Input should be a valid boolean", input: input)
    }

    static func boolParsing(at loc: Location, input: JSONValue) -> Self {
        Self(
            type: "bool_parsing", loc: loc,
            msg: "Input should be a valid boolean, unable to interpret input", input: input)
    }

    private static func context(_ key: String, _ value: JSONValue) -> JSONObject {
        var ctx = JSONObject()
        ctx[key] = value
        return ctx
    }

    /// pydantic-core's `{expected_plural}`: an `s` unless the bound is 1.
    private static func plural(_ count: Int) -> String { count == 1 ? "" : "s" }
}
