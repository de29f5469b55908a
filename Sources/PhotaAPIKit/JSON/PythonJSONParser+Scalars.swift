// SPDX-License-Identifier: Apache-2.0

extension PythonJSONParser {
    /// `_match_number_unicode`: an integer or float literal at `start`; anything else is "Expecting value".
    mutating func scanNumber(at start: Int) throws(JSONParseFailure) -> (JSONValue, Int) {
        let last = self.bytes.count - 1
        var index = start
        if self.bytes[index] == UInt8(ascii: "-") {
            index += 1
            if index > last { throw .syntax(message: "Expecting value", byteOffset: start) }
        }
        switch self.bytes[index] {
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            index += 1
            while index <= last && self.isDigit(index) { index += 1 }
        case UInt8(ascii: "0"):
            index += 1
        default:
            throw .syntax(message: "Expecting value", byteOffset: start)
        }
        var isFloat = false
        // A fraction needs a digit after the point; "1." stops before the point.
        if index < last && self.bytes[index] == UInt8(ascii: ".") && self.isDigit(index + 1) {
            isFloat = true
            index += 2
            while index <= last && self.isDigit(index) { index += 1 }
        }
        // An exponent without digits is backtracked: "1e" is the integer 1 followed by "e".
        if index < last && (self.bytes[index] == UInt8(ascii: "e") || self.bytes[index] == UInt8(ascii: "E")) {
            let exponentStart = index
            index += 1
            if index < last && (self.bytes[index] == UInt8(ascii: "-") || self.bytes[index] == UInt8(ascii: "+")) {
                index += 1
            }
            while index <= last && self.isDigit(index) { index += 1 }
            if self.isDigit(index - 1) { isFloat = true } else { index = exponentStart }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<index]), as: UTF8.self)
        if isFloat {
            // Double(String) rounds correctly like Python's float(); overflow gives infinity in both.
            return (.float(JSONFloat(text: text, value: Double(text) ?? .nan)), index)
        }
        let digitCount = index - start - (self.bytes[start] == UInt8(ascii: "-") ? 1 : 0)
        if digitCount > Self.maximumIntegerDigits { throw .rejected }
        return (.int(JSONInteger(text: text)), index)
    }

    @inline(__always)
    private func isDigit(_ index: Int) -> Bool {
        index < self.bytes.count && self.bytes[index] >= UInt8(ascii: "0") && self.bytes[index] <= UInt8(ascii: "9")
    }

    /// `scanstring_unicode` (strict): the string whose opening quote is just before `start`.
    mutating func scanString(afterQuote start: Int) throws(JSONParseFailure) -> (String, Int) {
        let begin = start - 1
        var end = start
        var decoded: [UInt8]? = nil
        var hasLoneSurrogate = false
        while true {
            var next = self.skipPlainStringBytes(from: end)
            while next < self.bytes.count {
                let byte = self.bytes[next]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { break }
                if byte <= 0x1F { throw .syntax(message: "Invalid control character at", byteOffset: next) }
                next += 1
            }
            if next == self.bytes.count {
                throw .syntax(message: "Unterminated string starting at", byteOffset: begin)
            }
            let chunk = UnsafeBufferPointer(rebasing: self.bytes[end..<next])
            if self.bytes[next] == UInt8(ascii: "\"") {
                let string: String
                if var buffer = decoded {
                    buffer.append(contentsOf: chunk)
                    string = String(decoding: buffer, as: UTF8.self)
                } else {
                    // The common case, a string without escapes, is one slice decoded once.
                    string = String(decoding: chunk, as: UTF8.self)
                }
                if hasLoneSurrogate || self.hasSurrogateOffset(in: start..<next) {
                    self.loneSurrogateStrings.insert(ExactString(string))
                }
                return (string, next + 1)
            }
            if decoded == nil { decoded = [] }
            decoded!.append(contentsOf: chunk)
            end = try self.scanEscape(backslash: next, begin: begin, into: &decoded!, loneSurrogate: &hasLoneSurrogate)
        }
    }

    /// Whether a lone surrogate of the source text lies in `range` (binary search; the list is almost always empty).
    private func hasSurrogateOffset(in range: Range<Int>) -> Bool {
        guard !self.surrogateOffsets.isEmpty else { return false }
        var low = 0
        var high = self.surrogateOffsets.count
        while low < high {
            let middle = (low + high) / 2
            if self.surrogateOffsets[middle] < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        return low < self.surrogateOffsets.count && self.surrogateOffsets[low] < range.upperBound
    }

    /// Skips whole 8-byte words that hold no `"`, no `\\` and no control character (SWAR: a byte b is flagged
    /// when `b - k` borrows; the first flagged byte is exact, so "no flag" reliably means "nothing special").
    @inline(__always)
    private func skipPlainStringBytes(from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        guard let base = self.bytes.baseAddress else { return index }
        while index + 8 <= self.bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let control = (word &- ones &* 0x20) & ~word
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | control
            if special & highs != 0 { break }
            index += 8
        }
        return index
    }

    /// One escape sequence starting at the backslash at `backslash`; returns the index after it.
    private func scanEscape(
        backslash: Int,
        begin: Int,
        into buffer: inout [UInt8],
        loneSurrogate: inout Bool
    ) throws(JSONParseFailure) -> Int {
        var next = backslash + 1
        if next == self.bytes.count { throw .syntax(message: "Unterminated string starting at", byteOffset: begin) }
        let escape = self.bytes[next]
        if escape != UInt8(ascii: "u") {
            guard let byte = Self.simpleEscape(escape) else {
                throw .syntax(message: "Invalid \\escape", byteOffset: backslash)
            }
            buffer.append(byte)
            return next + 1
        }
        next += 1
        var end = next + 4
        // `>=`, not `>`: CPython also rejects four hex digits that end the input.
        if end >= self.bytes.count { throw .syntax(message: "Invalid \\uXXXX escape", byteOffset: next - 1) }
        guard var scalar = self.hexQuad(at: next) else {
            throw .syntax(message: "Invalid \\uXXXX escape", byteOffset: end - 5)
        }
        if (0xD800...0xDBFF).contains(scalar) && end + 6 < self.bytes.count
            && self.bytes[end] == UInt8(ascii: "\\") && self.bytes[end + 1] == UInt8(ascii: "u")
        {
            guard let low = self.hexQuad(at: end + 2) else {
                throw .syntax(message: "Invalid \\uXXXX escape", byteOffset: end + 1)
            }
            if (0xDC00...0xDFFF).contains(low) {
                scalar = 0x10000 + ((scalar - 0xD800) << 10 | (low - 0xDC00))
                end += 6
            }
        }
        // Python keeps a lone surrogate in its str; a Swift String cannot, so it becomes U+FFFD and is flagged.
        guard let character = Unicode.Scalar(scalar) else {
            loneSurrogate = true
            buffer += [0xEF, 0xBF, 0xBD]
            return end
        }
        buffer.append(contentsOf: UTF8.encode(character)!)
        return end
    }

    private static func simpleEscape(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): byte
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
    }

    private func hexQuad(at start: Int) -> UInt32? {
        var value: UInt32 = 0
        for index in start..<(start + 4) {
            let byte = self.bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
