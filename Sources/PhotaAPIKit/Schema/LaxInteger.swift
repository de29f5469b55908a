// SPDX-License-Identifier: Apache-2.0

/// pydantic-core's lax conversions to `int` (`float_as_int`, `str_as_int` in `src/input/shared.rs`, with jiter's
/// `NumberInt` parser), step for step, so that the same strings and floats pass or fail with the same error.
///
/// Values beyond `Int` saturate to `Int.min`/`Int.max`: integer fields have bounds strictly inside that range,
/// so such a value fails the same bound Python's big integer fails.
enum LaxInteger {
    /// Why a value is not an integer, each one error type.
    enum Failure: Error, Equatable {
        /// `finite_number`: NaN or an infinity.
        case notFinite
        /// `int_from_float`: a float with a fractional part.
        case fractional
        /// `int_parsing_size`: a float outside (−2⁶³, 2⁶³), or more than 4300 digits.
        case tooLarge
        /// `int_parsing`: a string that is not an integer.
        case unparsable
    }

    /// Python's `sys.get_int_max_str_digits()` default, which jiter enforces on every digit run.
    static let maximumDigits = 4300

    /// `float_as_int`.
    static func fromFloat(_ value: Double) -> Result<Int, Failure> {
        guard value.isFinite else { return .failure(.notFinite) }
        // `float % 1.0 != 0.0`.
        guard value.rounded(.towardZero) == value else { return .failure(.fractional) }
        // Both ends excluded: `i64::MIN as f64 < float && float < i64::MAX as f64` (the latter is 2⁶³).
        guard Double(Int.min) < value && value < Double(Int.max) else { return .failure(.tooLarge) }
        return .success(Int(value))
    }

    /// `str_as_int`: the text as jiter reads a JSON integer; failing that (but not for too many digits), the
    /// text cleaned Python's way (whitespace, `+`, leading zeros, a `.000` tail, single underscores) and read again.
    static func fromString(_ text: String) -> Result<Int, Failure> {
        let bytes = Array(text.utf8)
        switch self.jsonInteger(bytes[...]) {
        case .value(let value): return .success(value)
        case .outOfRange: return .failure(.tooLarge)
        case .invalid: break
        }
        guard let cleaned = self.cleaned(text, byteCount: bytes.count),
            case .value(let value) = self.jsonInteger(cleaned[...])
        else { return .failure(.unparsable) }
        return .success(value)
    }

    enum JSONIntegerParse: Equatable {
        case value(Int)
        case outOfRange
        case invalid
    }

    /// jiter `NumberInt::from_bytes`: `-?(0|[1-9][0-9]*)` and nothing after it; a run of more than 4300 digits
    /// is `NumberOutOfRange` whatever follows.
    static func jsonInteger(_ bytes: ArraySlice<UInt8>) -> JSONIntegerParse {
        var index = bytes.startIndex
        let negative = index < bytes.endIndex && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.endIndex else { return .invalid }
        if bytes[index] == UInt8(ascii: "0") { return index + 1 == bytes.endIndex ? .value(0) : .invalid }
        guard (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[index]) else { return .invalid }
        let digitsStart = index
        var magnitude = 0
        var overflow = false
        while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (times, overflowTimes) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
            overflow = overflow || overflowTimes || overflowSum
            magnitude = sum
            index += 1
        }
        if index - digitsStart > self.maximumDigits { return .outOfRange }
        guard index == bytes.endIndex else { return .invalid }
        if overflow { return .value(negative ? Int.min : Int.max) }
        return .value(negative ? -magnitude : magnitude)
    }

    /// `clean_int_str`, or nil where it gives `None` (including when it changed nothing).
    static func cleaned(_ text: String, byteCount: Int) -> [UInt8]? {
        // Rust's `str::trim`: the White_Space property at both ends (U+0085, U+3000 yes; U+001C…U+001F no).
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        var text = Array(Substring(scalars).utf8)[...]
        if text.first == UInt8(ascii: "+") {
            text = text.dropFirst()
            if text.first == UInt8(ascii: "-") { return nil }
        }
        let negative = text.first == UInt8(ascii: "-")
        if negative {
            text = text.dropFirst()
            if text.first == UInt8(ascii: "-") || text.first == UInt8(ascii: "+") { return nil }
        }
        guard let stripped = self.strippingLeadingZeros(text) else { return nil }
        text = stripped
        if let dot = text.firstIndex(of: UInt8(ascii: ".")) {
            let decimals = text[(dot + 1)...]
            if !decimals.isEmpty && decimals.allSatisfy({ $0 == UInt8(ascii: "0") }) { text = text[..<dot] }
        }
        let sign: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        if let joined = self.strippingUnderscores(text) { return sign + joined }
        if byteCount == text.count { return nil }
        return sign + text
    }

    /// `strip_leading_zeros`: keeps one zero before a `.` or when all are zeros; underscores among the zeros go.
    private static func strippingLeadingZeros(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard let first = text.first else { return nil }
        if first != UInt8(ascii: "0") {
            return (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: "-") ? text : nil
        }
        var index = text.startIndex + 1
        while index < text.endIndex {
            switch text[index] {
            case UInt8(ascii: "0"), UInt8(ascii: "_"): index += 1
            case UInt8(ascii: "1")...UInt8(ascii: "9"), UInt8(ascii: "-"): return text[index...]
            case UInt8(ascii: "."): return text[(index - 1)...]
            default: return nil
            }
        }
        return text[(text.endIndex - 1)...]
    }

    /// `strip_underscores`: nil when there are none, or one leads, trails or is doubled (as `int()` refuses).
    private static func strippingUnderscores(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        let underscore = UInt8(ascii: "_")
        guard text.first != underscore, text.last != underscore, text.contains(underscore) else { return nil }
        for index in text.indices.dropLast() where text[index] == underscore && text[index + 1] == underscore {
            return nil
        }
        return text.filter { $0 != underscore }
    }
}
