// SPDX-License-Identifier: Apache-2.0

/// Renders a profile's picture: a baseline JPEG identicon derived from the profile id, so each
/// profile has its own stable, decodable image without shipping or decoding any real photo.
///
/// The picture is a symmetric 8×8 grid of flat 32-pixel cells. Because every 8×8 JPEG block is one
/// flat colour, each block's DCT has only its DC coefficient, so the encoder needs no DCT at all:
/// it writes DC differences with the standard Huffman table and an end-of-block for the AC part.
public enum IdenticonJPEG {
    /// Side of the square picture in pixels.
    public static let size = 256
    private static let cells = 8
    private static let cellPixels = size / cells

    /// The JPEG bytes for `seed` (a profile id; any string).
    public static func render(seed: String) -> [UInt8] {
        let hash = Self.fnv1a(seed)
        let foreground = Self.color(from: hash)
        let background: (UInt8, UInt8, UInt8) = (240, 240, 240)
        var pattern = [[Bool]](repeating: [Bool](repeating: false, count: Self.cells), count: Self.cells)
        var bits = hash ^ (hash >> 29)
        for row in 0..<Self.cells {
            for column in 0..<(Self.cells / 2) {
                let on = bits & 1 == 1
                bits = bits >> 1 | (bits & 1) << 63
                pattern[row][column] = on
                pattern[row][Self.cells - 1 - column] = on
            }
            bits = bits &* 0x9E37_79B9_7F4A_7C15 | 1
        }
        return Self.encode { x, y in
            pattern[y / Self.cellPixels][x / Self.cellPixels] ? foreground : background
        }
    }

    /// Encodes a `size`×`size` picture whose colour is constant over each 8×8 block.
    static func encode(pixel: (Int, Int) -> (UInt8, UInt8, UInt8)) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        JPEGMarkers.writeHeaders(width: Self.size, height: Self.size, into: &out)
        var writer = JPEGBitWriter()
        var previous = [0, 0, 0]
        let blocks = Self.size / 8
        for blockY in 0..<blocks {
            for blockX in 0..<blocks {
                let (r, g, b) = pixel(blockX * 8, blockY * 8)
                let components = Self.ycbcr(r, g, b)
                for index in 0..<3 {
                    // A flat block of level-shifted value s has DC coefficient 8·s; the DC
                    // quantiser is 8, so the quantised DC is s itself.
                    let dc = components[index] - 128
                    writer.writeDC(dc - previous[index])
                    previous[index] = dc
                    writer.writeEndOfBlock()
                }
            }
        }
        writer.flush(into: &out)
        out += [0xFF, 0xD9]
        return out
    }

    /// JFIF's RGB → YCbCr conversion, rounded to integers.
    static func ycbcr(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> [Int] {
        let (red, green, blue) = (Double(r), Double(g), Double(b))
        let y = 0.299 * red + 0.587 * green + 0.114 * blue
        let cb = 128 - 0.168736 * red - 0.331264 * green + 0.5 * blue
        let cr = 128 + 0.5 * red - 0.418688 * green - 0.081312 * blue
        return [y, cb, cr].map { min(255, max(0, Int($0.rounded()))) }
    }

    private static func color(from hash: UInt64) -> (UInt8, UInt8, UInt8) {
        // Mid-range channels keep the identicon readable against the light background.
        (UInt8(40 + hash % 160), UInt8(40 + (hash >> 8) % 160), UInt8(40 + (hash >> 16) % 160))
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01B3
        }
        return hash
    }
}
