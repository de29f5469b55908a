// SPDX-License-Identifier: Apache-2.0

extension FieldType {
    typealias Location = [ValidationErrorItem.LocationElement]

    /// `str`: only a string passes (no number is turned into one). A plain `str` keeps a lone surrogate, which
    /// the context notes; a constrained one refuses it with `string_unicode` before any length check.
    static func validateString(
        _ input: JSONValue,
        length: Bounds?,
        at loc: @autoclosure () -> Location,
        in context: inout ValidationContext
    ) -> FieldValue? {
        guard case .string(let text) = input else {
            context.errors.append(.stringType(at: loc(), input: input))
            return nil
        }
        guard let length else {
            if context.isLoneSurrogate(text) { context.acceptedLoneSurrogate = true }
            return .string(text)
        }
        if context.isLoneSurrogate(text) {
            context.errors.append(.stringUnicode(at: loc(), input: input))
            return nil
        }
        // Python's `len`: code points. A lone surrogate would count as one, as its U+FFFD stand-in does.
        let count = text.unicodeScalars.count
        if let minimum = length.minimum, count < minimum {
            context.errors.append(.stringTooShort(at: loc(), input: input, minimum: minimum))
            return nil
        }
        if let maximum = length.maximum, count > maximum {
            context.errors.append(.stringTooLong(at: loc(), input: input, maximum: maximum))
            return nil
        }
        return .string(text)
    }

    /// A `str` enum: the exact value only (no case folding, no trimming, no number); every other input is `enum`.
    static func validateEnumeration(
        _ input: JSONValue,
        cases: EnumCases,
        at loc: @autoclosure () -> Location,
        in context: inout ValidationContext
    ) -> FieldValue? {
        if case .string(let text) = input {
            if context.isLoneSurrogate(text) {
                context.errors.append(.stringUnicode(at: loc(), input: input))
                return nil
            }
            if let value = cases.match(text) { return .string(value) }
        }
        context.errors.append(.enumMismatch(at: loc(), input: input, cases: cases))
        return nil
    }

    /// `bool` in lax mode (`validate_bool`): a boolean; the strings `str_as_bool` knows; an integer 0 or 1
    /// (any other within 64 bits is `bool_parsing`, beyond is `bool_type`); a float that `float_as_int` turns
    /// into 0 or 1 (another whole one is `bool_parsing`, a fractional, huge or non-finite one `bool_type`).
    static func validateBoolean(
        _ input: JSONValue,
        at loc: @autoclosure () -> Location,
        in context: inout ValidationContext
    ) -> FieldValue? {
        let parsed: Bool?
        switch input {
        case .bool(let flag):
            return .bool(flag)
        case .string(let text):
            if context.isLoneSurrogate(text) {
                context.errors.append(.stringUnicode(at: loc(), input: input))
                return nil
            }
            parsed = Self.lexicalBool(text)
        case .int(let integer):
            guard let value = Int(integer.text) else { return Self.fail(.boolType(at: loc(), input: input), &context) }
            parsed = value == 0 ? false : (value == 1 ? true : nil)
        case .float(let float):
            guard case .success(let value) = LaxInteger.fromFloat(float.value) else {
                return Self.fail(.boolType(at: loc(), input: input), &context)
            }
            parsed = value == 0 ? false : (value == 1 ? true : nil)
        default:
            return Self.fail(.boolType(at: loc(), input: input), &context)
        }
        guard let parsed else { return Self.fail(.boolParsing(at: loc(), input: input), &context) }
        return .bool(parsed)
    }

    /// `str_as_bool`: `0`/`1` exactly, the words in any ASCII case, nothing trimmed.
    private static func lexicalBool(_ text: String) -> Bool? {
        if text == "0" { return false }
        if text == "1" { return true }
        guard text.utf8.count <= 5 else { return nil }
        let lowered = String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
        switch lowered {
        case "f", "n", "no", "off", "false": return false
        case "t", "y", "on", "yes", "true": return true
        default: return nil
        }
    }

    static func fail(_ error: ValidationErrorItem, _ context: inout ValidationContext) -> FieldValue? {
        context.errors.append(error)
        return nil
    }
}
