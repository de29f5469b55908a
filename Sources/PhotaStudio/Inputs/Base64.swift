// SPDX-License-Identifier: Apache-2.0

/// Standard base64 (RFC 4648 §4): the encoding of `images` in bytes mode, and the decoding of inline inputs.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Byte → 6-bit value; 0xFF for bytes outside both alphabets. `-` and `_` (the URL-safe alphabet, §5) are
    /// read as `+` and `/`, as lenient decoders do.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// The padded encoding of `bytes`, as ASCII bytes appended to `out`.
    public static func encode(_ bytes: [UInt8], into out: inout [UInt8]) {
        let count = bytes.count
        let encodedCount = (count + 2) / 3 * 4
        guard encodedCount > 0 else { return }
        let start = out.count
        // Every output image goes through here: one allocation, no bounds checks, the table read once.
        out.append(contentsOf: repeatElement(0, count: encodedCount))
        Self.alphabet.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { buffer in
                    let output = buffer.baseAddress! + start
                    var index = 0
                    var at = 0
                    while index + 3 <= count {
                        let value =
                            UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                        output[at] = table[Int(value >> 18 & 63)]
                        output[at + 1] = table[Int(value >> 12 & 63)]
                        output[at + 2] = table[Int(value >> 6 & 63)]
                        output[at + 3] = table[Int(value & 63)]
                        index += 3
                        at += 4
                    }
                    let rest = count - index
                    guard rest > 0 else { return }
                    let value = UInt32(input[index]) << 16 | (rest == 2 ? UInt32(input[index + 1]) << 8 : 0)
                    output[at] = table[Int(value >> 18 & 63)]
                    output[at + 1] = table[Int(value >> 12 & 63)]
                    output[at + 2] = rest == 2 ? table[Int(value >> 6 & 63)] : UInt8(ascii: "=")
                    output[at + 3] = UInt8(ascii: "=")
                }
            }
        }
    }

    /// The padded encoding of `bytes` as a string.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        Self.encode(bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The decoded bytes, or nil when `text` is not base64: ASCII whitespace (line breaks of MIME-wrapped
    /// text) is skipped, padding may be left out, but a character outside the alphabets, padding anywhere
    /// but the end, or a length that leaves a lone 6-bit group is refused.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { input -> [UInt8]? in
            var out: [UInt8] = []
            out.reserveCapacity(input.count / 4 * 3 + 2)
            var accumulator: UInt32 = 0
            var groups = 0
            var padding = 0
            for byte in input {
                switch byte {
                case 0x20, 0x09, 0x0A, 0x0D: continue
                case UInt8(ascii: "="):
                    padding += 1
                    continue
                default: break
                }
                let value = Self.values[Int(byte)]
                guard value != 0xFF, padding == 0 else { return nil }
                accumulator = accumulator << 6 | UInt32(value)
                groups += 1
                if groups == 4 {
                    out.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                    out.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                    out.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator = 0
                    groups = 0
                }
            }
            switch groups {
            case 0: guard padding == 0 else { return nil }
            case 2:
                guard padding == 0 || padding == 2 else { return nil }
                out.append(UInt8(truncatingIfNeeded: accumulator >> 4))
            case 3:
                guard padding == 0 || padding == 1 else { return nil }
                out.append(UInt8(truncatingIfNeeded: accumulator >> 10))
                out.append(UInt8(truncatingIfNeeded: accumulator >> 2))
            default: return nil
            }
            return out
        }
    }
}
