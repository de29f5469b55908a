// SPDX-License-Identifier: Apache-2.0

/// Python's `repr(float)`, which is how FastAPI's JSON encoder writes floats (`json.dumps` uses `float.__repr__`).
///
/// Both Swift's `description` and Python's `repr` print the shortest digit string that round-trips; they only lay it
/// out differently. Python (`PyOS_double_to_string(x, 'r', 0, Py_DTSF_ADD_DOT_0)`) uses positional notation when
/// the decimal point position `decpt` (value = 0.DIGITS × 10^decpt) satisfies -4 < decpt <= 16, otherwise
/// `d.ddde±XX` with at least two exponent digits.
package enum PythonFloatFormat {
    /// The text of `repr(value)`, or nil for NaN and infinities (which `json.dumps(allow_nan=False)` refuses).
    package static func repr(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0.0" }
        let (digits, decpt) = Self.shortestDigits(of: Swift.abs(value))
        if decpt > -4 && decpt <= 16 {
            return sign + Self.positional(digits: digits, decpt: decpt)
        }
        return sign + Self.scientific(digits: digits, decpt: decpt)
    }

    /// Shortest round-trip digits without leading or trailing zeros, and the decimal point position.
    private static func shortestDigits(of value: Double) -> (digits: [UInt8], decpt: Int) {
        let text = Array(value.description.utf8)
        var mantissaEnd = text.count
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissaEnd = e
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0
        }
        var digits = [UInt8]()
        var integerDigits = 0
        var seenPoint = false
        for byte in text[..<mantissaEnd] {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            digits.append(byte)
            if !seenPoint { integerDigits += 1 }
        }
        var decpt = integerDigits + exponent
        while let first = digits.first, first == UInt8(ascii: "0"), digits.count > 1 {
            digits.removeFirst()
            decpt -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0"), digits.count > 1 { digits.removeLast() }
        return (digits, decpt)
    }

    private static func positional(digits: [UInt8], decpt: Int) -> String {
        var out = [UInt8]()
        if decpt <= 0 {
            out += Array("0.".utf8) + [UInt8](repeating: UInt8(ascii: "0"), count: -decpt) + digits
        } else if decpt >= digits.count {
            out += digits + [UInt8](repeating: UInt8(ascii: "0"), count: decpt - digits.count) + Array(".0".utf8)
        } else {
            out += digits[..<decpt] + [UInt8(ascii: ".")] + digits[decpt...]
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func scientific(digits: [UInt8], decpt: Int) -> String {
        var out = [digits[0]]
        if digits.count > 1 { out += [UInt8(ascii: ".")] + digits[1...] }
        let exponent = decpt - 1
        let magnitude = String(Swift.abs(exponent))
        out += Array("e\(exponent < 0 ? "-" : "+")\(magnitude.count < 2 ? "0" : "")\(magnitude)".utf8)
        return String(decoding: out, as: UTF8.self)
    }
}
