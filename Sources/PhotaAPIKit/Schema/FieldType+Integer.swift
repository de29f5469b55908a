// SPDX-License-Identifier: Apache-2.0

extension FieldType {
    /// `int` in lax mode (`validate_int`), then `ge`/`le`: an integer (a boolean counts as 0 or 1), a whole
    /// float inside (−2⁶³, 2⁶³), or a string `str_as_int` reads; the bounds are checked on the converted value,
    /// and the error echoes what was sent (`"5"`, `5.0`, `true`).
    static func validateInteger(
        _ input: JSONValue,
        bounds: Bounds,
        at loc: @autoclosure () -> Location,
        in context: inout ValidationContext
    ) -> FieldValue? {
        let converted: Result<Int, LaxInteger.Failure>
        switch input {
        case .int(let integer):
            // Beyond 64 bits: saturated, which fails the bound Python's big int fails.
            converted = .success(Int(integer.text) ?? (integer.text.hasPrefix("-") ? Int.min : Int.max))
        case .bool(let flag):
            converted = .success(flag ? 1 : 0)
        case .float(let float):
            converted = LaxInteger.fromFloat(float.value)
        case .string(let text):
            if context.isLoneSurrogate(text) { return Self.fail(.stringUnicode(at: loc(), input: input), &context) }
            converted = LaxInteger.fromString(text)
        default:
            return Self.fail(.intType(at: loc(), input: input), &context)
        }
        switch converted {
        case .success(let value):
            if let minimum = bounds.minimum, value < minimum {
                return Self.fail(.greaterThanEqual(at: loc(), input: input, minimum: minimum), &context)
            }
            if let maximum = bounds.maximum, value > maximum {
                return Self.fail(.lessThanEqual(at: loc(), input: input, maximum: maximum), &context)
            }
            return .int(value)
        case .failure(.notFinite): return Self.fail(.finiteNumber(at: loc(), input: input), &context)
        case .failure(.fractional): return Self.fail(.intFromFloat(at: loc(), input: input), &context)
        case .failure(.tooLarge): return Self.fail(.intParsingSize(at: loc(), input: input), &context)
        case .failure(.unparsable): return Self.fail(.intParsing(at: loc(), input: input), &context)
        }
    }
}
