// SPDX-License-Identifier: Apache-2.0

/// The entropy coding of ``BlockJPEGEncoder``'s blocks: its Huffman tables, the DC predictions, and the two
/// kinds of block (one colour; anything else, through a DCT).
struct BlockCoder {
    /// Quantiser of the DC coefficient: a flat block of level-shifted value s has DC 8·s, quantised to s.
    static let dcStep = 8
    /// Quantiser of every AC coefficient: fine, so that edges inside a block stay sharp.
    static let acStep = 2.0
    /// DC table: category 0 (no change) in one bit, categories 1…11 in five.
    static let dcCounts: [UInt8] = [1, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    static let dcSymbols: [UInt8] = Array(0...11)
    /// AC table: end-of-block in one bit, every other run/size symbol (ZRL, then runs 0…15 × sizes 1…10) in nine.
    static let acCounts: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0, 161, 0, 0, 0, 0, 0, 0, 0]
    static let acSymbols: [UInt8] =
        [0x00, 0xF0] + (0..<16).flatMap { run in (1...10).map { UInt8(run << 4 | $0) } }

    /// Code and length by DC category.
    private static let dcCodes: [(code: UInt32, length: Int)] = [(0, 1)] + (0..<11).map { (16 + UInt32($0), 5) }
    /// Code and length by AC symbol (run << 4 | size).
    private static let acCodes: [(code: UInt32, length: Int)] = {
        var codes = [(code: UInt32, length: Int)](repeating: (0, 0), count: 256)
        codes[0] = (0, 1)
        for (position, symbol) in Self.acSymbols.dropFirst().enumerated() {
            codes[Int(symbol)] = (256 + UInt32(position), 9)
        }
        return codes
    }()

    /// Natural (row-major) index of each zig-zag position (T.81 Figure A.6).
    private static let zigZag: [Int] = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60,
        61, 54, 47, 55, 62, 63,
    ]

    /// `basis[u * 8 + x]` = C(u)/2 · cos((2x + 1)uπ/16), C(0) = 1/√2, C(u) = 1 otherwise.
    private static let basis: [Double] = {
        // cos(kπ/16), k = 0…8: the stdlib has no cosine, and these are all the DCT needs.
        let cosines: [Double] = [
            1, 0.980_785_280_403_230_4, 0.923_879_532_511_286_7, 0.831_469_612_302_545_2, 0.707_106_781_186_547_6,
            0.555_570_233_019_602_2, 0.382_683_432_365_089_8, 0.195_090_322_016_128_3, 0,
        ]
        func cosine(_ k: Int) -> Double {
            var k = k % 32
            if k > 16 { k = 32 - k }
            return k > 8 ? -cosines[16 - k] : cosines[k]
        }
        var basis = [Double](repeating: 0, count: 64)
        for u in 0..<8 {
            for x in 0..<8 {
                basis[u * 8 + x] = (u == 0 ? 0.707_106_781_186_547_6 : 1) / 2 * cosine((2 * x + 1) * u)
            }
        }
        return basis
    }()

    var writer: JPEGBitWriter
    private var previous = (0, 0, 0)
    private var lastColor: RGB?
    private var lastLevels = (0, 0, 0)

    init(capacity: Int) {
        self.writer = JPEGBitWriter(capacity: capacity)
    }

    /// A block of one colour: its level-shifted Y, Cb and Cr are the quantised DC coefficients, the AC are zero.
    mutating func flatBlock(_ color: RGB) {
        if color != self.lastColor {
            let (y, cb, cr) = Self.ycbcr(color.red, color.green, color.blue)
            self.lastLevels = (y - 128, cb - 128, cr - 128)
            self.lastColor = color
        }
        let levels = self.lastLevels
        if levels == self.previous {
            self.writer.write(0, 6)  // three times: DC category 0, end-of-block
            return
        }
        for (level, previous) in [
            (levels.0, self.previous.0), (levels.1, self.previous.1), (levels.2, self.previous.2),
        ] {
            self.writeDC(level - previous)
            self.writer.write(0, 1)
        }
        self.previous = levels
    }

    /// Any block: `rows(line)` gives the 8 pixels (24 bytes) of line 0…7.
    mutating func dctBlock(_ rows: (Int) -> UnsafePointer<UInt8>) {
        // Samples of the three components, then the transform's two passes: on the stack, not the heap.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 5 * 64) { scratch in
            let samples = scratch.baseAddress!
            for line in 0..<8 {
                let pixels = rows(line)
                for x in 0..<8 {
                    let (y, cb, cr) = Self.ycbcr(pixels[3 * x], pixels[3 * x + 1], pixels[3 * x + 2])
                    samples[line * 8 + x] = Double(y - 128)
                    samples[64 + line * 8 + x] = Double(cb - 128)
                    samples[128 + line * 8 + x] = Double(cr - 128)
                }
            }
            var dc = (0, 0, 0)
            for component in 0..<3 {
                let coefficients = samples + 256
                Self.transform(samples + component * 64, into: coefficients, using: samples + 192)
                let value = Int((coefficients[0] / Double(Self.dcStep)).rounded())
                switch component {
                case 0:
                    self.writeDC(value - self.previous.0)
                    dc.0 = value
                case 1:
                    self.writeDC(value - self.previous.1)
                    dc.1 = value
                default:
                    self.writeDC(value - self.previous.2)
                    dc.2 = value
                }
                var run = 0
                for position in 1..<64 {
                    let step = coefficients[Self.zigZag[position]] / Self.acStep
                    let value = max(-1023, min(1023, Int(step.rounded())))
                    if value == 0 {
                        run += 1
                        continue
                    }
                    while run > 15 {
                        self.writeAC(0xF0)
                        run -= 16
                    }
                    let category = JPEGBitWriter.category(value)
                    self.writeAC(run << 4 | category)
                    self.writer.write(JPEGBitWriter.bits(value, category), category)
                    run = 0
                }
                if run > 0 { self.writeAC(0x00) }
            }
            self.previous = dc
        }
    }

    /// The 2-D DCT-II (T.81 A.3.3) of the 64 samples at `samples` into `out`, row-major (v · 8 + u); `rows`
    /// holds the first pass.
    private static func transform(
        _ samples: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
        using rows: UnsafeMutablePointer<Double>
    ) {
        Self.basis.withUnsafeBufferPointer { basis in
            for y in 0..<8 {
                for u in 0..<8 {
                    var sum = 0.0
                    for x in 0..<8 { sum += samples[y * 8 + x] * basis[u * 8 + x] }
                    rows[y * 8 + u] = sum
                }
            }
            for v in 0..<8 {
                for u in 0..<8 {
                    var sum = 0.0
                    for y in 0..<8 { sum += rows[y * 8 + u] * basis[v * 8 + y] }
                    out[v * 8 + u] = sum
                }
            }
        }
    }

    private mutating func writeDC(_ difference: Int) {
        let category = JPEGBitWriter.category(difference)
        let code = Self.dcCodes[category]
        self.writer.write(code.code, code.length)
        if category > 0 { self.writer.write(JPEGBitWriter.bits(difference, category), category) }
    }

    private mutating func writeAC(_ symbol: Int) {
        let code = Self.acCodes[symbol]
        self.writer.write(code.code, code.length)
    }

    /// JFIF's RGB → YCbCr conversion, rounded, as ``IdenticonJPEG`` does it.
    @inline(__always)
    private static func ycbcr(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> (Int, Int, Int) {
        let (red, green, blue) = (Double(r), Double(g), Double(b))
        let y = 0.299 * red + 0.587 * green + 0.114 * blue
        let cb = 128 - 0.168736 * red - 0.331264 * green + 0.5 * blue
        let cr = 128 + 0.5 * red - 0.418688 * green - 0.081312 * blue
        return (Self.clamp(y), Self.clamp(cb), Self.clamp(cr))
    }

    @inline(__always)
    private static func clamp(_ value: Double) -> Int {
        min(255, max(0, Int(value.rounded())))
    }
}
