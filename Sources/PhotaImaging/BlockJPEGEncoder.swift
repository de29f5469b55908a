// SPDX-License-Identifier: Apache-2.0

/// Encodes a ``RowCursor``'s picture as a baseline JFIF JPEG, 4:4:4, with a `COM` segment before the scan.
///
/// A block of one colour (most of them: layouts keep edges on multiples of 8) is coded from its colour alone, a
/// DC coefficient per component and no DCT; any other block, where a small picture's cells or a rectangle's
/// edge cut it, goes through a floating-point DCT quantised finely (AC step 2), so edges stay sharp. Blocks
/// past the right or bottom edge repeat the last column or row, so a flat edge stays a flat block.
///
/// The Huffman tables are this encoder's own, shaped for flat pictures: a zero DC difference and the
/// end-of-block are one bit each, so a block like its left neighbour costs six bits.
enum BlockJPEGEncoder {
    static func encode(_ cursor: inout RowCursor, height: Int, comment: [UInt8]) -> [UInt8] {
        let width = cursor.width
        let blocksX = (width + 7) / 8
        let blocksY = (height + 7) / 8
        var out: [UInt8] = []
        out.reserveCapacity(1024 + comment.count)
        Self.writeHeaders(width: width, height: height, comment: comment, into: &out)
        var encoder = BlockCoder(capacity: blocksX * blocksY + 256)

        // Eight rows, each padded on the right to whole blocks by repeating its last pixel.
        let rowBytes = blocksX * 8 * 3
        var strip = [UInt8](repeating: 0, count: 8 * rowBytes)
        var rowOffsets = [Int](repeating: 0, count: 8)
        var currentSlot = 0
        strip.withUnsafeMutableBufferPointer { stripBuffer in
            let strip = stripBuffer.baseAddress!
            for blockY in 0..<blocksY {
                var uniform = true
                for line in 0..<8 {
                    let y = min(blockY * 8 + line, height - 1)
                    let moved = cursor.move(to: y)
                    if moved {
                        cursor.row.withUnsafeBufferPointer { row in
                            let target = strip + line * rowBytes
                            target.update(from: row.baseAddress!, count: width * 3)
                            for x in width..<(blocksX * 8) {
                                target[3 * x] = row[3 * width - 3]
                                target[3 * x + 1] = row[3 * width - 2]
                                target[3 * x + 2] = row[3 * width - 1]
                            }
                        }
                        currentSlot = line
                        if line > 0 { uniform = false }
                    } else if line == 0 && currentSlot != 0 {
                        // Keep the rows of this block row in slots 0…line, so a new row never overwrites one.
                        strip.update(from: strip + currentSlot * rowBytes, count: rowBytes)
                        currentSlot = 0
                    }
                    rowOffsets[line] = currentSlot * rowBytes
                }
                for blockX in 0..<blocksX {
                    let column = blockX * 24
                    let first = UnsafePointer(strip + rowOffsets[0] + column)
                    var flat = Self.isFlat(first)
                    if flat && !uniform {
                        for line in 1..<8 where flat {
                            let pixels = UnsafePointer(strip + rowOffsets[line] + column)
                            flat =
                                Self.isFlat(pixels) && pixels[0] == first[0] && pixels[1] == first[1]
                                && pixels[2] == first[2]
                        }
                    }
                    if flat {
                        encoder.flatBlock(RGB(first[0], first[1], first[2]))
                    } else {
                        encoder.dctBlock { line in UnsafePointer(strip + rowOffsets[line] + column) }
                    }
                }
            }
        }
        encoder.writer.flush(into: &out)
        out += [0xFF, 0xD9]  // EOI
        return out
    }

    /// Whether the 8 pixels (24 bytes) at `pixels` are one colour: each byte equals the one a pixel further on.
    @inline(__always)
    private static func isFlat(_ pixels: UnsafePointer<UInt8>) -> Bool {
        let raw = UnsafeRawPointer(pixels)
        return raw.loadUnaligned(as: UInt64.self) == raw.loadUnaligned(fromByteOffset: 3, as: UInt64.self)
            && raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                == raw.loadUnaligned(fromByteOffset: 11, as: UInt64.self)
            && raw.loadUnaligned(fromByteOffset: 13, as: UInt64.self)
                == raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
    }

    private static func writeHeaders(width: Int, height: Int, comment: [UInt8], into out: inout [UInt8]) {
        out += [0xFF, 0xD8]  // SOI
        // APP0 JFIF 1.01, no density, no thumbnail.
        JPEGMarkers.segment(
            0xE0, [0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00], into: &out)
        // A segment holds at most 65,533 bytes; callers keep metadata well below.
        JPEGMarkers.segment(0xFE, Array(comment.prefix(65533)), into: &out)
        // DQT: table 0, 8-bit, in zig-zag order: the DC step, then the AC steps.
        JPEGMarkers.segment(
            0xDB, [0x00, UInt8(BlockCoder.dcStep)] + [UInt8](repeating: UInt8(BlockCoder.acStep), count: 63), into: &out
        )
        // SOF0: 8-bit samples, three components with 1×1 sampling, all on quantisation table 0.
        JPEGMarkers.segment(
            0xC0,
            [
                8, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 3,
                1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0,
            ],
            into: &out
        )
        JPEGMarkers.segment(
            0xC4,
            [0x00] + BlockCoder.dcCounts + BlockCoder.dcSymbols + [0x10] + BlockCoder.acCounts + BlockCoder.acSymbols,
            into: &out)
        // SOS: three components, each DC table 0 / AC table 0; full spectral range, no approximation.
        JPEGMarkers.segment(0xDA, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0], into: &out)
    }
}
