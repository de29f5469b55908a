// SPDX-License-Identifier: Apache-2.0

/// Why a body is not a JSON document, in the terms of Python's `json` module.
package enum JSONParseFailure: Error, Equatable {
    /// `json.JSONDecodeError`: the message (e.g. `Expecting value`) and the UTF-8 byte offset it points at.
    case syntax(message: String, byteOffset: Int)
    /// Another exception Python raises while decoding — an integer over 4300 digits (`ValueError`) or nesting
    /// deeper than the interpreter's recursion limit (`RecursionError`). FastAPI answers those with 400.
    case rejected
}

/// A JSON parser over UTF-8 bytes that accepts exactly what CPython's `json.loads` accepts (C scanner,
/// `strict=True`), including `NaN`, `Infinity` and `-Infinity`, and fails at the same place with the same message.
///
/// Each step mirrors `Modules/_json.c` (`scan_once_unicode`, `_parse_object_unicode`, `_parse_array_unicode`,
/// `_match_number_unicode`, `scanstring_unicode`) and `json.decoder.JSONDecoder.decode`. Every character those
/// functions test for is ASCII, so scanning UTF-8 bytes gives the same decisions as scanning code points; only
/// the reported position needs converting (see `JSONDocument`).
package struct PythonJSONParser: ~Copyable {
    /// Nesting levels CPython reaches inside FastAPI before `RecursionError` (measured: 963 levels parse, 964 do
    /// not; the exact figure depends on the server's stack depth, so this is an approximation).
    package static let maximumDepth = 963
    /// `sys.get_int_max_str_digits()` default: longer integer literals make `int()` raise `ValueError`.
    package static let maximumIntegerDigits = 4300

    let bytes: UnsafeBufferPointer<UInt8>
    /// Sorted byte offsets where a U+FFFD in `bytes` stands for a lone surrogate of the Python text.
    let surrogateOffsets: [Int]
    var depth = 0
    /// Strings that hold a lone surrogate in Python (from `\uD800`-style escapes or `surrogateOffsets`).
    package internal(set) var loneSurrogateStrings: Set<ExactString> = []

    /// Prepares to parse `bytes`, which must be valid UTF-8.
    /// - Parameters:
    ///   - bytes: The text.
    ///   - surrogateOffsets: Sorted offsets of U+FFFD sequences that stand for lone surrogates.
    package init(bytes: UnsafeBufferPointer<UInt8>, surrogateOffsets: [Int] = []) {
        self.bytes = bytes
        self.surrogateOffsets = surrogateOffsets
    }

    /// Parses a whole document: optional whitespace, one value, optional whitespace (`JSONDecoder.decode`).
    package mutating func parseDocument() throws(JSONParseFailure) -> JSONValue {
        let (value, end) = try self.scanValue(at: self.skipWhitespace(from: 0))
        let trailing = self.skipWhitespace(from: end)
        if trailing != self.bytes.count { throw .syntax(message: "Extra data", byteOffset: trailing) }
        return value
    }

    // MARK: - Values

    /// `scan_once_unicode`: one value starting exactly at `index`; returns it and the index after it.
    mutating func scanValue(at index: Int) throws(JSONParseFailure) -> (JSONValue, Int) {
        // A StopIteration from any depth surfaces as "Expecting value" at the index where the value should start.
        guard index < self.bytes.count else { throw .syntax(message: "Expecting value", byteOffset: index) }
        switch self.bytes[index] {
        case UInt8(ascii: "\""):
            let (string, end) = try self.scanString(afterQuote: index + 1)
            return (.string(string), end)
        case UInt8(ascii: "{"):
            try self.enterNesting()
            defer { self.depth -= 1 }
            return try self.parseObject(afterBrace: index + 1)
        case UInt8(ascii: "["):
            try self.enterNesting()
            defer { self.depth -= 1 }
            return try self.parseArray(afterBracket: index + 1)
        case UInt8(ascii: "n") where self.matches("null", at: index):
            return (.null, index + 4)
        case UInt8(ascii: "t") where self.matches("true", at: index):
            return (.bool(true), index + 4)
        case UInt8(ascii: "f") where self.matches("false", at: index):
            return (.bool(false), index + 5)
        case UInt8(ascii: "N") where self.matches("NaN", at: index):
            return (.float(JSONFloat(text: "NaN", value: .nan)), index + 3)
        case UInt8(ascii: "I") where self.matches("Infinity", at: index):
            return (.float(JSONFloat(text: "Infinity", value: .infinity)), index + 8)
        case UInt8(ascii: "-") where self.matches("-Infinity", at: index):
            return (.float(JSONFloat(text: "-Infinity", value: -.infinity)), index + 9)
        default:
            return try self.scanNumber(at: index)
        }
    }

    private mutating func enterNesting() throws(JSONParseFailure) {
        self.depth += 1
        if self.depth > Self.maximumDepth {
            self.depth -= 1
            throw .rejected
        }
    }

    /// `_parse_object_unicode`.
    private mutating func parseObject(afterBrace start: Int) throws(JSONParseFailure) -> (JSONValue, Int) {
        var object = JSONObject()
        var index = self.skipWhitespace(from: start)
        if index < self.bytes.count && self.bytes[index] == UInt8(ascii: "}") { return (.object(object), index + 1) }
        while true {
            guard index < self.bytes.count, self.bytes[index] == UInt8(ascii: "\"") else {
                throw .syntax(message: "Expecting property name enclosed in double quotes", byteOffset: index)
            }
            let (key, afterKey) = try self.scanString(afterQuote: index + 1)
            index = self.skipWhitespace(from: afterKey)
            guard index < self.bytes.count, self.bytes[index] == UInt8(ascii: ":") else {
                throw .syntax(message: "Expecting ':' delimiter", byteOffset: index)
            }
            let (value, afterValue) = try self.scanValue(at: self.skipWhitespace(from: index + 1))
            object[key] = value
            index = self.skipWhitespace(from: afterValue)
            if index < self.bytes.count && self.bytes[index] == UInt8(ascii: "}") {
                return (.object(object), index + 1)
            }
            guard index < self.bytes.count, self.bytes[index] == UInt8(ascii: ",") else {
                throw .syntax(message: "Expecting ',' delimiter", byteOffset: index)
            }
            index = self.skipWhitespace(from: index + 1)
        }
    }

    /// `_parse_array_unicode`.
    private mutating func parseArray(afterBracket start: Int) throws(JSONParseFailure) -> (JSONValue, Int) {
        var items = [JSONValue]()
        var index = self.skipWhitespace(from: start)
        if index < self.bytes.count && self.bytes[index] == UInt8(ascii: "]") { return (.array(items), index + 1) }
        while true {
            let (value, afterValue) = try self.scanValue(at: index)
            items.append(value)
            index = self.skipWhitespace(from: afterValue)
            if index < self.bytes.count && self.bytes[index] == UInt8(ascii: "]") { return (.array(items), index + 1) }
            guard index < self.bytes.count, self.bytes[index] == UInt8(ascii: ",") else {
                throw .syntax(message: "Expecting ',' delimiter", byteOffset: index)
            }
            index = self.skipWhitespace(from: index + 1)
        }
    }

    // MARK: - Helpers

    /// JSON whitespace as Python's scanner defines it: space, tab, LF, CR.
    @inline(__always)
    func skipWhitespace(from start: Int) -> Int {
        var index = start
        while index < self.bytes.count {
            switch self.bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return index
            }
        }
        return index
    }

    /// Whether `literal` starts at `index`. The C scanner checks these literals with its own bounds
    /// (`idx + 3 < length` for `null`), which all amount to "the whole literal fits".
    @inline(__always)
    func matches(_ literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= self.bytes.count else { return false }
        let start = literal.utf8Start
        for offset in 0..<count where self.bytes[index + offset] != start[offset] { return false }
        return true
    }
}
