// SPDX-License-Identifier: Apache-2.0

/// Encodes 8-bit RGB pixels as a PNG (ISO/IEC 15948): signature, `IHDR`, `tEXt` chunks for the given keywords,
/// one `IDAT` holding the filtered rows deflated, `IEND`.
///
/// Every row uses filter type 1 (Sub: each byte minus the one a pixel to its left), which suits the flat areas
/// of generated pictures; the same pixels always give the same bytes.
///
/// ```swift
/// let png = PNGEncoder.encode(width: 2, height: 1, rgb: [255, 0, 0, 0, 0, 255], text: [("Comment", "hello")])
/// ```
public enum PNGEncoder {
    /// The first eight bytes of every PNG.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// - Parameters:
    ///   - width, height: the size in pixels, at least 1 each.
    ///   - rgb: `width × height × 3` bytes, rows top to bottom, red, green, blue.
    ///   - text: `tEXt` chunks as (keyword, text): a keyword of 1–79 Latin-1 printable characters, Latin-1 text
    ///     (other characters are written as `?`).
    public static func encode(
        width: Int, height: Int, rgb: [UInt8], text: [(keyword: String, text: String)] = []
    ) -> [UInt8] {
        precondition(width > 0 && height > 0 && rgb.count == width * height * 3, "pixels do not fill the size")
        var out = Self.signature
        var header = Self.bigEndian(UInt32(width)) + Self.bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // 8 bits per sample, truecolour, deflate, adaptive filtering, no interlace
        Self.appendChunk("IHDR", header, to: &out)
        for (keyword, value) in text {
            Self.appendChunk(
                "tEXt", Self.latin1(keyword, maxCount: 79) + [0] + Self.latin1(value, maxCount: .max), to: &out)
        }
        Self.appendChunk("IDAT", Deflate.compress(Self.filteredRows(width: width, height: height, rgb: rgb)), to: &out)
        Self.appendChunk("IEND", [], to: &out)
        return out
    }

    /// Each row prefixed with its filter type (1, Sub) and filtered.
    static func filteredRows(width: Int, height: Int, rgb: [UInt8]) -> [UInt8] {
        let stride = width * 3
        var rows = [UInt8](repeating: 0, count: height * (stride + 1))
        for y in 0..<height {
            let source = y * stride
            let target = y * (stride + 1)
            rows[target] = 1
            for x in 0..<stride {
                let left: UInt8 = x >= 3 ? rgb[source + x - 3] : 0
                rows[target + 1 + x] = rgb[source + x] &- left
            }
        }
        return rows
    }

    /// Appends a chunk: length, type, data, and the CRC-32 of type and data.
    static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        out += Self.bigEndian(UInt32(data.count))
        out += typeBytes
        out += data
        out += Self.bigEndian(Deflate.crc32(data, continuing: Deflate.crc32(typeBytes)))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// `text` as Latin-1 bytes, at most `maxCount` of them; a tEXt keyword also forbids NUL.
    static func latin1(_ text: String, maxCount: Int) -> [UInt8] {
        // ASCII (the studio's descriptions always are) is its own Latin-1: the bytes as they are.
        if text.utf8.count <= maxCount, text.utf8.allSatisfy({ $0 > 0 && $0 < 0x80 }) { return Array(text.utf8) }
        return Array(
            text.unicodeScalars.prefix(maxCount).map {
                $0.value > 0 && $0.value <= 0xFF ? UInt8($0.value) : UInt8(ascii: "?")
            })
    }
}
