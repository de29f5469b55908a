// SPDX-License-Identifier: Apache-2.0

/// Writes a zlib stream (RFC 1950/1951) of PNG scanlines without a general compressor: one block with the fixed
/// Huffman codes, each new row coded as literals and runs of its last byte (distance 1), each row identical to
/// the one before as one copy at the distance of a row.
///
/// Generated pictures are flat: a Sub-filtered row is a few colour steps and long runs of zeros, and most rows
/// repeat the previous one. zlib spends its time searching for those matches (about 200 µs for a 256×256
/// picture even at level 1); here they are known, so the cost is the rows that change and a few bits per copy.
struct RowDeflater {
    private let rowLength: Int
    private var out: [UInt8] = [0x78, 0x01]  // deflate, 32 KiB window, no dictionary, fastest-level hint
    private var accumulator: UInt64 = 0
    private var bitCount = 0
    private var adler: UInt32 = 1
    private var rowAdler: UInt32 = 1
    private var hasRow = false
    /// The fixed codes of distance 1 and of the row length, with their extra bits, ready to write.
    private let runDistance: (bits: UInt64, count: Int)
    private let rowDistance: (bits: UInt64, count: Int)

    /// - Parameter rowLength: bytes in a filtered row (filter byte included), 1…32768.
    init(rowLength: Int) {
        precondition(rowLength >= 1 && rowLength <= 32768, "a row must fit the deflate window")
        self.rowLength = rowLength
        self.runDistance = Self.distanceCode(1)
        self.rowDistance = Self.distanceCode(rowLength)
        self.out.reserveCapacity(4096)
        self.write(0b011, 3)  // BFINAL = 1, BTYPE = 01 (fixed Huffman codes)
    }

    /// Codes the next row, `rowLength` bytes at `row`.
    mutating func writeRow(_ row: UnsafePointer<UInt8>) {
        let count = self.rowLength
        var index = 0
        while index < count {
            let byte = row[index]
            self.writeLiteral(byte)
            var end = index + 1
            while end < count && row[end] == byte { end += 1 }
            let run = end - index - 1
            if run >= 3 {
                self.writeCopy(length: run, distance: self.runDistance)
                index = end
            } else {
                index += 1
            }
        }
        self.rowAdler = Deflate.adler32(row, count: count)
        self.adler = Deflate.adler32Combine(self.adler, self.rowAdler, secondCount: count)
        self.hasRow = true
    }

    /// Codes `times` more copies of the last row written.
    mutating func repeatRow(times: Int) {
        guard times > 0 else { return }
        precondition(self.hasRow, "no row to repeat")
        // A copy at the distance of one row may be longer than a row: it reads bytes it has just written.
        self.writeCopy(length: times * self.rowLength, distance: self.rowDistance)
        for _ in 0..<times {
            self.adler = Deflate.adler32Combine(self.adler, self.rowAdler, secondCount: self.rowLength)
        }
    }

    /// Ends the block and the stream: the zlib bytes.
    mutating func finish() -> [UInt8] {
        self.write(0, 7)  // end of block: symbol 256, seven zero bits
        while self.bitCount > 0 {
            self.out.append(UInt8(truncatingIfNeeded: self.accumulator))
            self.accumulator >>= 8
            self.bitCount = max(0, self.bitCount - 8)
        }
        let adler = self.adler
        self.out += [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
        return self.out
    }

    private mutating func writeLiteral(_ byte: UInt8) {
        let code = Self.literalCodes[Int(byte)]
        self.write(UInt64(code.bits), Int(code.count))
    }

    /// Copies of at most 258 bytes, none shorter than 3, adding up to `length` (at least 3).
    private mutating func writeCopy(length: Int, distance: (bits: UInt64, count: Int)) {
        var left = length
        while left > 0 {
            var piece = min(left, 258)
            if left - piece > 0 && left - piece < 3 { piece = left - 3 }
            let code = Self.lengthCodes[piece]
            self.write(UInt64(code.bits) | distance.bits << UInt64(code.count), Int(code.count) + distance.count)
            left -= piece
        }
    }

    /// Appends `count` (≤ 32) bits, least significant first, as deflate packs them.
    @inline(__always)
    private mutating func write(_ bits: UInt64, _ count: Int) {
        self.accumulator |= bits << UInt64(self.bitCount)
        self.bitCount += count
        if self.bitCount >= 32 {
            let word = UInt32(truncatingIfNeeded: self.accumulator)
            self.out.append(UInt8(word & 0xFF))
            self.out.append(UInt8(word >> 8 & 0xFF))
            self.out.append(UInt8(word >> 16 & 0xFF))
            self.out.append(UInt8(word >> 24))
            self.accumulator >>= 32
            self.bitCount -= 32
        }
    }

    /// `code` of `length` bits, most significant first: Huffman codes are packed from their first bit.
    private static func reversed(_ code: Int, _ length: Int) -> UInt32 {
        var result: UInt32 = 0
        for bit in 0..<length where code >> bit & 1 == 1 {
            result |= 1 << UInt32(length - 1 - bit)
        }
        return result
    }

    /// The fixed literal/length code of `symbol` (RFC 1951 §3.2.6), bit-reversed for writing.
    private static func fixedCode(_ symbol: Int) -> (bits: UInt32, count: UInt8) {
        switch symbol {
        case 0..<144: (Self.reversed(0x30 + symbol, 8), 8)
        case 144..<256: (Self.reversed(0x190 + symbol - 144, 9), 9)
        case 256..<280: (Self.reversed(symbol - 256, 7), 7)
        default: (Self.reversed(0xC0 + symbol - 280, 8), 8)
        }
    }

    private static let literalCodes: [(bits: UInt32, count: UInt8)] = (0..<256).map { Self.fixedCode($0) }

    /// Lengths 257…285 start at these lengths, with this many extra bits (RFC 1951 §3.2.5).
    private static let lengthBases = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtra = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    /// Distance codes 0…29 start at these distances, with this many extra bits.
    private static let distanceBases = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]

    /// For each copy length 0…258 (3 and up used), its code and extra bits together, ready to write.
    private static let lengthCodes: [(bits: UInt32, count: UInt8)] = (0...258).map { length in
        guard length >= 3 else { return (0, 0) }
        let index = Self.lengthBases.lastIndex { $0 <= length }!
        // 258 has its own code (285): 227 + 31 would otherwise take code 284 with five extra bits.
        let code = Self.fixedCode(257 + index)
        let extra = UInt32(length - Self.lengthBases[index])
        return (code.bits | extra << UInt32(code.count), code.count + UInt8(Self.lengthExtra[index]))
    }

    /// The fixed five-bit distance code of `distance` and its extra bits, ready to write.
    private static func distanceCode(_ distance: Int) -> (bits: UInt64, count: Int) {
        let index = Self.distanceBases.lastIndex { $0 <= distance }!
        let extraCount = index < 4 ? 0 : index / 2 - 1
        let extra = UInt64(distance - Self.distanceBases[index])
        return (UInt64(Self.reversed(index, 5)) | extra << 5, 5 + extraCount)
    }
}
