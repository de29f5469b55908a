// SPDX-License-Identifier: Apache-2.0

/// Byte classes from RFC 9110 §5.6.2 (tokens) and §5.5 (field values).
enum CharacterClass {
    /// tchar: `!#$%&'*+-.^_`|~`, digits and letters.
    private static let tokenTable: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        self.tokenTable.withUnsafeBufferPointer { $0[Int(byte)] }
    }

    /// field-vchar, SP or HTAB; obs-text (0x80–0xFF) is allowed. NUL, CR, LF, DEL and other controls are not.
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == 0x09
    }

    /// An ASCII-lowercased copy of a header name (already checked to be token bytes).
    static func lowercasedString(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for index in 0..<bytes.count {
                let byte = bytes[index]
                buffer[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            }
            return bytes.count
        }
    }
}
