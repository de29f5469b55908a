// SPDX-License-Identifier: Apache-2.0

/// How Python turns request bytes into the `str` its JSON scanner reads: `json.loads(bytes)` picks an encoding
/// with `json.detect_encoding` and decodes with `errors='surrogatepass'`.
package enum PythonTextDecoding {
    /// The codec `json.detect_encoding` chooses.
    package enum Encoding: Equatable {
        case utf8
        case utf8WithBOM
        case utf16(bigEndian: Bool, hasBOM: Bool)
        case utf32(bigEndian: Bool, hasBOM: Bool)
    }

    /// `json.detect_encoding(b)`.
    package static func detectEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> Encoding {
        let count = bytes.count
        func starts(_ prefix: [UInt8]) -> Bool {
            count >= prefix.count && zip(bytes, prefix).allSatisfy { $0 == $1 }
        }
        if starts([0x00, 0x00, 0xFE, 0xFF]) { return .utf32(bigEndian: true, hasBOM: true) }
        if starts([0xFF, 0xFE, 0x00, 0x00]) { return .utf32(bigEndian: false, hasBOM: true) }
        if starts([0xFE, 0xFF]) { return .utf16(bigEndian: true, hasBOM: true) }
        if starts([0xFF, 0xFE]) { return .utf16(bigEndian: false, hasBOM: true) }
        if starts([0xEF, 0xBB, 0xBF]) { return .utf8WithBOM }
        if count >= 4 {
            if bytes[0] == 0 { return bytes[1] != 0 ? .utf16(bigEndian: true, hasBOM: false) : .utf32(bigEndian: true, hasBOM: false) }
            if bytes[1] == 0 {
                return bytes[2] != 0 || bytes[3] != 0
                    ? .utf16(bigEndian: false, hasBOM: false) : .utf32(bigEndian: false, hasBOM: false)
            }
        } else if count == 2 {
            if bytes[0] == 0 { return .utf16(bigEndian: true, hasBOM: false) }
            if bytes[1] == 0 { return .utf16(bigEndian: false, hasBOM: false) }
        }
        return .utf8
    }

    /// Whether `bytes` is strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
    ///
    /// Python's `surrogatepass` would also admit encoded surrogates (`ED A0 80`); a Swift `String` cannot hold
    /// them, so such bodies are refused like any other undecodable body.
    package static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            // ASCII runs, eight bytes at a time, are the whole of a typical request body.
            while index + 8 <= count {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < count else { return true }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let (length, low, high): (Int, UInt8, UInt8)
            switch lead {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xE1...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            default: return false
            }
            guard index + length <= count, (low...high).contains(bytes[index + 1]) else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// Decodes UTF-16 or UTF-32 `bytes` (after any BOM) into UTF-8, or nil where Python's codec would fail
    /// (odd length, code point above U+10FFFF) or would yield a lone surrogate.
    package static func transcodeToUTF8(_ bytes: UnsafeBufferPointer<UInt8>, encoding: Encoding) -> [UInt8]? {
        switch encoding {
        case .utf8, .utf8WithBOM:
            return nil
        case let .utf16(bigEndian, hasBOM):
            let body = hasBOM ? UnsafeBufferPointer(rebasing: bytes[2...]) : bytes
            guard body.count % 2 == 0 else { return nil }
            let units = stride(from: 0, to: body.count, by: 2).map { offset -> UInt16 in
                let first = UInt16(body[offset]), second = UInt16(body[offset + 1])
                return bigEndian ? first << 8 | second : second << 8 | first
            }
            return Self.encodeUTF8(units, as: UTF16.self)
        case let .utf32(bigEndian, hasBOM):
            let body = hasBOM ? UnsafeBufferPointer(rebasing: bytes[4...]) : bytes
            guard body.count % 4 == 0 else { return nil }
            let units = stride(from: 0, to: body.count, by: 4).map { offset -> UInt32 in
                let raw = (0..<4).map { UInt32(body[offset + $0]) }
                return bigEndian
                    ? raw[0] << 24 | raw[1] << 16 | raw[2] << 8 | raw[3]
                    : raw[3] << 24 | raw[2] << 16 | raw[1] << 8 | raw[0]
            }
            return Self.encodeUTF8(units, as: UTF32.self)
        }
    }

    private static func encodeUTF8<Codec: UnicodeCodec>(_ units: [Codec.CodeUnit], as codec: Codec.Type) -> [UInt8]? {
        var iterator = units.makeIterator()
        var decoder = Codec()
        var out = [UInt8]()
        out.reserveCapacity(units.count)
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): out += UTF8.encode(scalar)!
            case .emptyInput: return out
            case .error: return nil
            }
        }
    }

    /// The number of code points (Python `str` indices) in the first `byteOffset` bytes of valid UTF-8.
    package static func characterIndex(ofByteOffset byteOffset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var characters = 0
        for index in 0..<min(byteOffset, bytes.count) where bytes[index] & 0xC0 != 0x80 { characters += 1 }
        return characters + max(0, byteOffset - bytes.count)
    }
}
