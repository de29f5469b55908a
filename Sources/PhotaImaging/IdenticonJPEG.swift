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
    private static let cellPixels = size / IdenticonPattern.cells

    /// The JPEG bytes for `seed` (a profile id; any string).
    public static func render(seed: String) -> [UInt8] {
        let pattern = IdenticonPattern(id: seed)
        return Self.encode { x, y in
            let color = pattern.color(row: y / Self.cellPixels, column: x / Self.cellPixels)
            return (color.red, color.green, color.blue)
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
}
