// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import PhotaAPIKit

/// The parser against answers of CPython 3.11's `json.loads` (message and character position).
@Suite struct PythonJSONParserTests {
    static let syntaxErrors: [(String, String, Int)] = [
        (#""a\""#, "Unterminated string starting at", 0),
        (#""\u1234"#, "Invalid \\uXXXX escape", 2),
        (#""\ud83d\ude0"#, "Invalid \\uXXXX escape", 8),
        (#""\ud83d\u12x4""#, "Invalid \\uXXXX escape", 8),
        (#""\ud83d\ude00"#, "Invalid \\uXXXX escape", 8),
        ("[1.]", "Expecting ',' delimiter", 2),
        ("[1e]", "Expecting ',' delimiter", 2),
        ("[1e+]", "Expecting ',' delimiter", 2),
        ("[-]", "Expecting value", 1),
        ("[-Inf]", "Expecting value", 1),
        ("[tru]", "Expecting value", 1),
        ("nul", "Expecting value", 0),
        (#"{"a" 1}"#, "Expecting ':' delimiter", 5),
        (#"{"a":}"#, "Expecting value", 5),
        ("{", "Expecting property name enclosed in double quotes", 1),
        ("[", "Expecting value", 1),
        (" ", "Expecting value", 1),
        (#"{"é": [1, 2"#, "Expecting ',' delimiter", 11),
        ("[\"\u{7f}\", \"\u{1f}\"]", "Invalid control character at", 7),
        ("[1,]", "Expecting value", 3),
        (#"{"a":1 "b":2}"#, "Expecting ',' delimiter", 7),
        ("[01]", "Expecting ',' delimiter", 2),
        ("-0.0e", "Extra data", 4),
        ("1 2", "Extra data", 2),
        (#""\"#, "Unterminated string starting at", 0),
        ("é", "Expecting value", 0),
    ]

    @Test(arguments: Self.syntaxErrors)
    func reportsPythonMessageAndPosition(_ text: String, _ message: String, _ position: Int) {
        #expect(Self.decode(text) == .failure(.syntax(message: message, position: position)))
    }

    static let documents: [(String, String)] = [
        ("[NaN, Infinity, -Infinity]", "[NaN,Infinity,-Infinity]"),
        (#"{"a":1,"b":2,"a":3}"#, #"{"a":3,"b":2}"#),
        ("12345678901234567890123", "12345678901234567890123"),
        ("[1E400, -1e-400, 0.5, -0]", "[Infinity,-0.0,0.5,0]"),
        (#" {"k" : [ true , false , null ] } "#, #"{"k":[true,false,null]}"#),
        (#""\u00e9\/\ud83d\ude00\t""#, "\"é/😀\\t\""),
    ]

    @Test(arguments: Self.documents)
    func acceptsWhatPythonAccepts(_ text: String, _ compact: String) throws {
        let value = try Self.decode(text).get()
        #expect(value.description == compact)
    }

    /// Python compares member names by code points: canonically equivalent spellings are distinct keys, in small
    /// objects (searched in a list) and large ones (hashed) alike.
    @Test func keysAreDistinctByCodePoints() throws {
        let pairs = [#""\u00e9": 1"#, #""e\u0301": 2"#, #""\u212a": 3"#, #""K": 4"#, #""\u00e9": 5"#]
        for padding in [0, 20] {
            let filler = (0..<padding).map { #""f\#($0)": 0"# }
            let text = "{" + (filler + pairs).joined(separator: ", ") + "}"
            guard case .object(let object) = try Self.decode(text).get() else {
                Issue.record("not an object")
                continue
            }
            #expect(
                object.keys.suffix(4).map { Array($0.unicodeScalars) } == [
                    ["\u{E9}"], ["e", "\u{301}"], ["\u{212A}"], ["K"],
                ])
            #expect(object["\u{E9}"] == .int(JSONInteger(5)))
            #expect(object["e\u{301}"] == .int(JSONInteger(2)))
            #expect(object["\u{212A}"] == .int(JSONInteger(3)))
            #expect(object.count == padding + 4)
        }
    }

    @Test func keepsDuplicateKeyPositionInLargeObjects() throws {
        let members = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        let value = try Self.decode("{\(members), \"k3\": \"again\", \"k39\": null}").get()
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.count == 40)
        #expect(object.keys[3] == "k3")
        #expect(object["k3"] == .string("again"))
        #expect(object["k39"] == .null)
        #expect(object["k40"] == nil)
    }

    @Test func integersOverPythonsDigitLimitAreUnparsable() {
        #expect((try? Self.decode(String(repeating: "9", count: 4300)).get()) != nil)
        #expect(Self.decode(String(repeating: "9", count: 4301)) == .failure(.unparsable))
        #expect(Self.decode("-" + String(repeating: "9", count: 4301)) == .failure(.unparsable))
    }

    @Test func nestingBeyondPythonsRecursionLimitIsUnparsable() {
        let depth = PythonJSONParser.maximumDepth
        let fits = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let tooDeep = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        #expect((try? Self.decode(fits).get()) != nil)
        #expect(Self.decode(tooDeep) == .failure(.unparsable))
        #expect(Self.decode(String(repeating: "[", count: 100_000)) == .failure(.unparsable))
    }

    @Test func positionsCountCodePointsAfterOneUTF8ByteOrderMark() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(
            Self.decode(bom + Array("[\"😀\" 1]".utf8))
                == .failure(.syntax(message: "Expecting ',' delimiter", position: 5)))
        #expect(Self.decode(bom + bom + Array("{}".utf8)) == .failure(.syntax(message: "Expecting value", position: 0)))
    }

    @Test func refusesBytesPythonCannotDecode() {
        #expect(Self.decode([0x5B, 0xC0, 0x80, 0x5D]) == .failure(.unparsable))  // overlong NUL
        #expect(Self.decode([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]) == .failure(.unparsable))  // above U+10FFFF
        #expect(Self.decode([0x22, 0xE2, 0x82]) == .failure(.unparsable))  // truncated sequence
    }

    @Test func flagsLoneSurrogatesFromEscapesAndSurrogatepassBytes() throws {
        let escaped = Array(#"{"a": "x\ud800", "\udc00": ["\ud83d\ude00", "\ufffd"]}"#.utf8)
        let document = try escaped.withUnsafeBufferPointer { JSONBodyDecoding.decodeDocument($0) }.get()
        #expect(document.loneSurrogateStrings == ["x\u{FFFD}", "\u{FFFD}"])
        #expect(document.value.description == #"{"a":"x\#u{FFFD}","\#u{FFFD}":["😀","\#u{FFFD}"]}"#)
        // Python's `surrogatepass` decodes an encoded surrogate to one character; positions stay in step.
        let raw: [UInt8] = [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x2C, 0x22, 0x61, 0x22, 0x5D]
        let rawDocument = try raw.withUnsafeBufferPointer { JSONBodyDecoding.decodeDocument($0) }.get()
        #expect(rawDocument.value == .array([.string("\u{FFFD}"), .string("a")]))
        #expect(rawDocument.loneSurrogateStrings == ["\u{FFFD}"])
        #expect(
            Self.decode([0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x20, 0x31, 0x5D])
                == .failure(.syntax(message: "Expecting ',' delimiter", position: 5)))
    }

    @Test func decodesUTF16AndUTF32LikeDetectEncoding() throws {
        let utf16BE: [UInt8] = Array("[\"é\"]".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try Self.decode(utf16BE).get() == .array([.string("é")]))
        let utf32LEWithBOM: [UInt8] =
            [0xFF, 0xFE, 0x00, 0x00]
            + Array("7".unicodeScalars).flatMap { scalar in
                [UInt8(scalar.value & 0xFF), 0, 0, 0]
            }
        #expect(try Self.decode(utf32LEWithBOM).get() == .int(JSONInteger(7)))
    }

    /// Special characters at every offset within and across 8-byte words, after ASCII and multi-byte text.
    @Test(arguments: 0..<20)
    func findsSpecialCharactersAtEveryOffset(_ offset: Int) throws {
        let ascii = String(repeating: "a", count: offset)
        let accented = String(repeating: "é", count: offset)
        #expect(
            Self.decode("\"\(ascii)\u{01}\"")
                == .failure(.syntax(message: "Invalid control character at", position: offset + 1)))
        #expect(
            Self.decode("\"\(accented)\u{1F}\"")
                == .failure(.syntax(message: "Invalid control character at", position: offset + 1)))
        #expect(try Self.decode("\"\(accented)\\n\(ascii)\"").get() == .string(accented + "\n" + ascii))
        #expect(
            try Self.decode("[\"\(ascii)\", \"\(accented)\"]").get() == .array([.string(ascii), .string(accented)]))
        #expect(Self.decode("\"\(ascii)") == .failure(.syntax(message: "Unterminated string starting at", position: 0)))
    }

    private static func decode(_ text: String) -> Result<JSONValue, JSONBodyDecoding.Failure> {
        self.decode(Array(text.utf8))
    }

    private static func decode(_ bytes: [UInt8]) -> Result<JSONValue, JSONBodyDecoding.Failure> {
        bytes.withUnsafeBufferPointer { JSONBodyDecoding.decode($0) }
    }
}
