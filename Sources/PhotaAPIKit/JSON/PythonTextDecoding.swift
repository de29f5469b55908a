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
            if bytes[0] == 0 {
                return bytes[1] != 0 ? .utf16(bigEndian: true, hasBOM: false) : .utf32(bigEndian: true, hasBOM: false)
            }
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

    /// Whether `bytes` is strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF): `bytes.decode()`.
    package static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        self.scanUTF8(bytes, allowSurrogates: false) != nil
    }

    /// Validates UTF-8 as Python's decoder does; with `allowSurrogates` (`errors='surrogatepass'`) an encoded
    /// surrogate (`ED A0…BF xx`) is accepted as one lone-surrogate character.
    /// - Returns: nil when the bytes do not decode, else the byte offsets of encoded surrogates (usually none).
    package static func scanUTF8(_ bytes: UnsafeBufferPointer<UInt8>, allowSurrogates: Bool) -> [Int]? {
        var surrogates = [Int]()
        var index = 0
        let count = bytes.count
        while index < count {
            // ASCII runs, eight bytes at a time, are the whole of a typical request body.
            while index + 8 <= count {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let (length, low, high): (Int, UInt8, UInt8)
            switch lead {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, allowSurrogates ? 0xBF : 0x9F)
            case 0xE1...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            default: return nil
            }
            guard index + length <= count, (low...high).contains(bytes[index + 1]) else { return nil }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return nil }
            if lead == 0xED && bytes[index + 1] >= 0xA0 { surrogates.append(index) }
            index += length
        }
        return surrogates
    }

    /// Decodes UTF-16 or UTF-32 `bytes` (after any BOM) into UTF-8 as Python's codec does with `surrogatepass`,
    /// or nil where it fails (odd length, code point above U+10FFFF). A Swift `String` cannot hold a lone
    /// surrogate, so each is written as U+FFFD and its byte offset returned alongside.
    package static func transcodeToUTF8(
        _ bytes: UnsafeBufferPointer<UInt8>,
        encoding: Encoding
    ) -> (text: [UInt8], surrogates: [Int])? {
        var out = [UInt8]()
        var surrogates = [Int]()
        func append(_ value: UInt32) {
            if let scalar = Unicode.Scalar(value) {
                out += UTF8.encode(scalar)!
            } else {
                surrogates.append(out.count)
                out += [0xEF, 0xBF, 0xBD]
            }
        }
        switch encoding {
        case .utf8, .utf8WithBOM:
            return nil
        case .utf16(let bigEndian, let hasBOM):
            let body = hasBOM ? UnsafeBufferPointer(rebasing: bytes[2...]) : bytes
            guard body.count % 2 == 0 else { return nil }
            out.reserveCapacity(body.count)
            let units = stride(from: 0, to: body.count, by: 2).map { offset -> UInt32 in
                let first = UInt32(body[offset])
                let second = UInt32(body[offset + 1])
                return bigEndian ? first << 8 | second : second << 8 | first
            }
            var index = 0
            while index < units.count {
                let unit = units[index]
                if (0xD800...0xDBFF).contains(unit), index + 1 < units.count,
                    (0xDC00...0xDFFF).contains(units[index + 1])
                {
                    append(0x10000 + ((unit - 0xD800) << 10 | (units[index + 1] - 0xDC00)))
                    index += 2
                } else {
                    append(unit)
                    index += 1
                }
            }
        case .utf32(let bigEndian, let hasBOM):
            let body = hasBOM ? UnsafeBufferPointer(rebasing: bytes[4...]) : bytes
            guard body.count % 4 == 0 else { return nil }
            out.reserveCapacity(body.count / 2)
            for offset in stride(from: 0, to: body.count, by: 4) {
                let raw = (0..<4).map { UInt32(body[offset + $0]) }
                let value =
                    bigEndian
                    ? raw[0] << 24 | raw[1] << 16 | raw[2] << 8 | raw[3]
                    : raw[3] << 24 | raw[2] << 16 | raw[1] << 8 | raw[0]
                guard value <= 0x10FFFF else { return nil }
                append(value)
            }
        }
        return (out, surrogates)
    }

    /// The number of code points (Python `str` indices) in the first `byteOffset` bytes of valid UTF-8.
    package static func characterIndex(ofByteOffset byteOffset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var characters = 0
        for index in 0..<min(byteOffset, bytes.count) where bytes[index] & 0xC0 != 0x80 { characters += 1 }
        return characters + max(0, byteOffset - bytes.count)
    }
}
