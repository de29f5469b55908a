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
    /// The bytes before the stream, the stream so far, then zeros: `count` bytes are written, the rest is room
    /// for the next row's 8-byte stores.
    private var out: [UInt8]
    private var count: Int
    /// Bits not yet complete to a byte (fewer than 8), also already stored at `out[count]`.
    private var accumulator: UInt64 = 0
    private var bitCount = 0
    /// The Adler-32 sums of the stream so far (RFC 1950 §8.2), each mod 65521.
    private var adlerA: UInt64 = 1
    private var adlerB: UInt64 = 0
    /// The last row's byte sum and its bytes weighted by their distance from the row's end (the first byte
    /// counts `rowLength` times, the last once), mod 65521: a row's whole effect on the Adler-32.
    private var rowSum: UInt64 = 0
    private var rowWeightedSum: UInt64 = 0
    private var hasRow = false
    /// The fixed codes of distance 1 and of the row length, with their extra bits, ready to write.
    private let runDistance: (bits: UInt64, count: Int)
    private let rowDistance: (bits: UInt64, count: Int)
    /// `count` 258-byte copies at the distance of a row, packed into one write: a long row repeat is mostly
    /// these, so its bits are computed once rather than per copy.
    private let rowCopies: (bits: UInt64, bitCount: Int, count: Int)

    private static let modulus: UInt64 = 65521

    /// - Parameters:
    ///   - rowLength: bytes in a filtered row (filter byte included), 1…32768.
    ///   - prefix: bytes the stream follows in the result of ``finish()`` (a PNG up to its `IDAT` type), so
    ///     the stream is written in place rather than copied after it.
    ///   - capacity: the expected size of prefix and stream; the buffer grows past it when needed.
    init(rowLength: Int, prefix: [UInt8] = [], capacity: Int = 4096) {
        precondition(rowLength >= 1 && rowLength <= 32768, "a row must fit the deflate window")
        self.rowLength = rowLength
        self.runDistance = Self.distanceCode(1)
        self.rowDistance = Self.distanceCode(rowLength)
        let piece = Self.lengthCodes[258]
        let pieceBits = UInt64(piece.bits) | self.rowDistance.bits << UInt64(piece.count)
        let pieceCount = Int(piece.count) + self.rowDistance.count
        // At most 26 bits a copy: two or more fit the 56 bits one write takes.
        let perWrite = BitWriter.maxCount / pieceCount
        var packed: UInt64 = 0
        for index in 0..<perWrite { packed |= pieceBits << UInt64(index * pieceCount) }
        self.rowCopies = (packed, perWrite * pieceCount, perWrite)
        self.out = prefix
        self.count = prefix.count
        self.out.append(contentsOf: repeatElement(0, count: max(capacity - prefix.count, 0) + BitWriter.slack))
        // A zlib header: deflate, 32 KiB window, no dictionary, fastest-level hint.
        self.writeBits(reserving: 2) { writer in
            writer.write(0x0178, 16)
            writer.write(0b011, 3)  // BFINAL = 1, BTYPE = 01 (fixed Huffman codes)
        }
    }

    /// Codes the next row, `rowLength` bytes at `row`.
    mutating func writeRow(_ row: UnsafePointer<UInt8>) {
        let count = self.rowLength
        let runDistance = self.runDistance
        var sum: UInt64 = 0
        var weighted: UInt64 = 0
        // A literal costs at most 9 bits; a run's copy fewer than the literals it stands for.
        self.writeBits(reserving: count * 9 / 8 + 64) { writer in
            let raw = UnsafeRawPointer(row)
            var index = 0
            while index < count {
                let byte = row[index]
                let code = Self.literalCodes[Int(byte)]
                writer.write(UInt64(code.bits), Int(code.count))
                sum += UInt64(byte)
                weighted += UInt64(byte) * UInt64(count - index)
                // The run's end, eight bytes at a time: a filtered row is mostly long runs of zeros.
                var end = index + 1
                let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
                while end + 8 <= count {
                    let difference =
                        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: end, as: UInt64.self))
                        ^ pattern
                    if difference != 0 {
                        end += difference.trailingZeroBitCount >> 3
                        break
                    }
                    end += 8
                }
                if end + 8 > count {
                    while end < count && row[end] == byte { end += 1 }
                }
                let run = end - index - 1
                if run >= 3 {
                    Self.writeCopy(length: run, distance: runDistance, to: &writer)
                    // Bytes index + 1 ..< end, weighted count − j each: run · count − the sum of their j.
                    let positions = UInt64(run) * UInt64(count) - UInt64(run * (index + end)) / 2
                    sum += UInt64(run) * UInt64(byte)
                    weighted += UInt64(byte) * positions
                    index = end
                } else {
                    index += 1
                }
            }
        }
        self.rowSum = sum % Self.modulus
        self.rowWeightedSum = weighted % Self.modulus
        self.hasRow = true
        self.addToAdler(rows: 1)
    }

    /// Codes `times` more copies of the last row written.
    mutating func repeatRow(times: Int) {
        guard times > 0 else { return }
        precondition(self.hasRow, "no row to repeat")
        // A copy at the distance of one row may be longer than a row: it reads bytes it has just written.
        let length = times * self.rowLength
        let rowCopies = self.rowCopies
        let rowDistance = self.rowDistance
        // Every copy takes at most 31 bits.
        self.writeBits(reserving: (length / 258 + 3) * 4) { writer in
            // While 261 or more are left, a copy is 258 bytes and leaves at least 3 for the next.
            var full = length >= 261 ? (length - 261) / 258 + 1 : 0
            var left = length - full * 258
            while full >= rowCopies.count {
                writer.write(rowCopies.bits, rowCopies.bitCount)
                full -= rowCopies.count
            }
            left += full * 258
            Self.writeCopy(length: left, distance: rowDistance, to: &writer)
        }
        self.addToAdler(rows: times)
    }

    /// Ends the block and the stream: the prefix, then the zlib bytes.
    mutating func finish() -> [UInt8] {
        let adler = UInt32(self.adlerB << 16 | self.adlerA)
        self.writeBits(reserving: 8) { writer in
            writer.write(0, 7)  // end of block: symbol 256, seven zero bits
            writer.alignToByte()
            writer.write(UInt64(adler.byteSwapped), 32)  // Adler-32, most significant byte first
        }
        self.out.removeLast(self.out.count - self.count)
        return self.out
    }

    /// Adds `rows` copies of the last row to the Adler-32 at once. Over one row of length L, byte sum S and
    /// weighted sum T, A grows by S and B by L·A + T; over n rows, A by n·S and B by n·L·A + n·T + L·S·n(n−1)/2.
    private mutating func addToAdler(rows: Int) {
        let p = Self.modulus
        let n = UInt64(rows) % p
        let pairs = UInt64(rows) * UInt64(rows - 1) / 2 % p
        let length = UInt64(self.rowLength)
        let a = self.adlerA
        // Every product below is under 2^46: the operands are reduced, n ≤ 8192 and L ≤ 32768.
        var b = self.adlerB + UInt64(rows) * length % p * a % p + n * self.rowWeightedSum % p
        b += length * self.rowSum % p * pairs % p
        self.adlerB = b % p
        self.adlerA = (a + n * self.rowSum) % p
    }

    /// Runs `body` with a writer at the end of the stream and room for `bytes` more bytes.
    @inline(__always)
    private mutating func writeBits(reserving bytes: Int, _ body: (inout BitWriter) -> Void) {
        if self.count + bytes + BitWriter.slack > self.out.count {
            self.out.append(contentsOf: repeatElement(0, count: max(self.out.count, bytes + BitWriter.slack)))
        }
        let start = self.count
        var accumulator = self.accumulator
        var bitCount = self.bitCount
        let end = self.out.withUnsafeMutableBufferPointer { buffer -> Int in
            var writer = BitWriter(at: buffer.baseAddress! + start, accumulator: accumulator, bitCount: bitCount)
            body(&writer)
            accumulator = writer.accumulator
            bitCount = writer.bitCount
            return writer.next - buffer.baseAddress!
        }
        self.count = end
        self.accumulator = accumulator
        self.bitCount = bitCount
    }

    /// Copies of at most 258 bytes, none shorter than 3, adding up to `length` (at least 3).
    @inline(__always)
    private static func writeCopy(length: Int, distance: (bits: UInt64, count: Int), to writer: inout BitWriter) {
        var left = length
        while left > 0 {
            var piece = min(left, 258)
            if left - piece > 0 && left - piece < 3 { piece = left - 3 }
            let code = Self.lengthCodes[piece]
            writer.write(UInt64(code.bits) | distance.bits << UInt64(code.count), Int(code.count) + distance.count)
            left -= piece
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

/// Packs bits least significant first, as deflate does, into memory with room for every write plus
/// ``slack`` bytes: each write stores the whole 64-bit accumulator and moves on by the bytes it completed,
/// with no test for a full word.
struct BitWriter {
    /// The most bits one ``write(_:_:)`` takes.
    static let maxCount = 56
    /// Bytes past the last one written that a store may touch.
    static let slack = 8

    /// Where the incomplete byte goes (already holding its bits).
    private(set) var next: UnsafeMutablePointer<UInt8>
    /// The bits of the incomplete byte, fewer than 8.
    private(set) var accumulator: UInt64
    private(set) var bitCount: Int

    init(at next: UnsafeMutablePointer<UInt8>, accumulator: UInt64, bitCount: Int) {
        self.next = next
        self.accumulator = accumulator
        self.bitCount = bitCount
    }

    /// Appends the low `count` (≤ 56) bits of `bits`; the bits above them are zero.
    @inline(__always)
    mutating func write(_ bits: UInt64, _ count: Int) {
        self.accumulator |= bits << UInt64(self.bitCount)
        self.bitCount += count
        UnsafeMutableRawPointer(self.next).storeBytes(of: self.accumulator.littleEndian, as: UInt64.self)
        let bytes = self.bitCount >> 3
        self.next += bytes
        self.accumulator >>= UInt64(bytes << 3)
        self.bitCount &= 7
    }

    /// Completes the incomplete byte with zero bits.
    @inline(__always)
    mutating func alignToByte() {
        if self.bitCount > 0 { self.write(0, 8 - self.bitCount) }
    }
}
