// SPDX-License-Identifier: Apache-2.0

/// The marker segments of a baseline, 4:4:4 YCbCr JFIF file (ITU T.81 Annex B).
enum JPEGMarkers {
    /// Standard luminance DC table (T.81 Table K.3): code counts per length 1…16, then symbols.
    static let dcCounts: [UInt8] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    static let dcSymbols: [UInt8] = Array(0...11)
    /// An AC table holding only end-of-block (symbol 0x00, code `0`): every block here is flat.
    static let acCounts: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    static let acSymbols: [UInt8] = [0x00]

    static func writeHeaders(width: Int, height: Int, into out: inout [UInt8]) {
        out += [0xFF, 0xD8]  // SOI
        // APP0 JFIF 1.01, no density, no thumbnail.
        Self.segment(
            0xE0, [0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00], into: &out)
        // DQT: table 0, 8-bit; DC quantiser 8 (see IdenticonJPEG.encode), AC entries unused but must be non-zero.
        Self.segment(0xDB, [0x00, 8] + [UInt8](repeating: 16, count: 63), into: &out)
        // SOF0: 8-bit samples, three components with 1×1 sampling, all on quantisation table 0.
        Self.segment(
            0xC0,
            [
                8, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 3,
                1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0,
            ],
            into: &out
        )
        Self.segment(
            0xC4, [0x00] + Self.dcCounts + Self.dcSymbols + [0x10] + Self.acCounts + Self.acSymbols, into: &out)
        // SOS: three components, each DC table 0 / AC table 0; full spectral range, no approximation.
        Self.segment(0xDA, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0], into: &out)
    }

    static func segment(_ marker: UInt8, _ payload: [UInt8], into out: inout [UInt8]) {
        let length = payload.count + 2
        out += [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)]
        out += payload
    }
}

/// Entropy-coded segment writer: MSB-first bits, 0xFF stuffed with 0x00, padded with 1-bits.
struct JPEGBitWriter {
    private(set) var bytes: [UInt8] = []
    /// The last `count` bits not yet written out (older bits above them are stale).
    private var accumulator: UInt64 = 0
    private var count = 0

    init(capacity: Int = 0) {
        self.bytes.reserveCapacity(capacity)
    }

    /// Canonical codes of the DC table, by category (T.81 Annex C).
    private static let dcCodes: [(code: UInt32, length: Int)] = {
        var codes: [(UInt32, Int)] = []
        var code: UInt32 = 0
        for (index, number) in JPEGMarkers.dcCounts.enumerated() {
            for _ in 0..<number {
                codes.append((code, index + 1))
                code += 1
            }
            code <<= 1
        }
        return codes
    }()

    mutating func writeDC(_ difference: Int) {
        let category = Self.category(difference)
        let (code, length) = Self.dcCodes[category]
        self.write(code, length)
        if category > 0 { self.write(Self.bits(difference, category), category) }
    }

    mutating func writeEndOfBlock() {
        self.write(0, 1)
    }

    /// The number of bits of `value`'s magnitude: its size category (T.81 F.1.2.1).
    @inline(__always)
    static func category(_ value: Int) -> Int {
        value == 0 ? 0 : Int.bitWidth - abs(value).leadingZeroBitCount
    }

    /// The `category` low bits that follow a size code: negative values are sent as the low bits of value − 1.
    @inline(__always)
    static func bits(_ value: Int, _ category: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: value < 0 ? value - 1 : value) & ((1 << UInt32(category)) - 1)
    }

    /// Appends the low `length` (at most 32) bits of `value`, most significant first.
    @inline(__always)
    mutating func write(_ value: UInt32, _ length: Int) {
        self.accumulator = self.accumulator << UInt64(length) | UInt64(value)
        self.count += length
        while self.count >= 8 {
            self.count -= 8
            let byte = UInt8(truncatingIfNeeded: self.accumulator >> UInt64(self.count))
            self.bytes.append(byte)
            if byte == 0xFF { self.bytes.append(0x00) }
        }
    }

    mutating func flush(into out: inout [UInt8]) {
        if self.count != 0 { self.write((1 << UInt32(8 - self.count)) - 1, 8 - self.count) }
        out += self.bytes
    }
}
