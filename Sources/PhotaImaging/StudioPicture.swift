// SPDX-License-Identifier: Apache-2.0

/// Renders the pictures the studio endpoints return: a background coloured by the seed, a bar code of the
/// seed along the top, each identity's identicon (as on its profile picture) on a grid, and the output index
/// as a row of squares along the bottom; the metadata travels in the file (PNG `tEXt` keyword `phota-mock`,
/// JPEG `COM`).
///
/// The same spec always gives the same bytes. Everything is flat rectangles, so neither encoder does general
/// work: PNG rows are coded once per band of identical rows (``RowDeflater``), JPEG blocks of one colour need
/// only a DC coefficient (``BlockJPEGEncoder``).
///
/// ```swift
/// let png = StudioPicture.render(
///     PictureSpec(width: 256, height: 256, format: .png, seed: 7, identities: [id], index: 0, metadata: json))
/// ```
public enum StudioPicture {
    /// The `tEXt` keyword of the PNG metadata.
    public static let textKeyword = "phota-mock"

    /// The PNG or JPEG bytes of `spec`.
    public static func render(_ spec: PictureSpec) -> [UInt8] {
        precondition((1...8192).contains(spec.width) && (1...8192).contains(spec.height), "size out of range")
        var cursor = RowCursor(PictureLayout(spec), width: spec.width, height: spec.height)
        switch spec.format {
        case .png: return Self.png(spec, &cursor)
        case .jpeg: return BlockJPEGEncoder.encode(&cursor, height: spec.height, comment: Array(spec.metadata.utf8))
        }
    }

    /// The RGB raster of `spec` (`width × height × 3` bytes, rows top to bottom), painted pixel by pixel from the
    /// layout: what the encoders' band-by-band output must decode to, for tests.
    static func pixels(_ spec: PictureSpec) -> [UInt8] {
        let layout = PictureLayout(spec)
        let (width, height) = (spec.width, spec.height)
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        let background = PictureRect(x0: 0, y0: 0, x1: width, y1: height, color: layout.background)
        for rect in [background] + layout.rects {
            for y in max(0, rect.y0)..<max(max(0, rect.y0), min(height, rect.y1)) {
                for x in max(0, rect.x0)..<max(max(0, rect.x0), min(width, rect.x1)) {
                    let offset = (y * width + x) * 3
                    rgb[offset] = rect.color.red
                    rgb[offset + 1] = rect.color.green
                    rgb[offset + 2] = rect.color.blue
                }
            }
        }
        return rgb
    }

    private static func png(_ spec: PictureSpec, _ cursor: inout RowCursor) -> [UInt8] {
        let stride = spec.width * 3
        // Everything before the IDAT data, so that the stream is written after it in the one buffer.
        var prefix = PNGEncoder.signature
        var header = PNGEncoder.bigEndian(UInt32(spec.width)) + PNGEncoder.bigEndian(UInt32(spec.height))
        header += [8, 2, 0, 0, 0]  // 8 bits per sample, truecolour, deflate, adaptive filtering, no interlace
        PNGEncoder.appendChunk("IHDR", header, to: &prefix)
        PNGEncoder.appendChunk(
            "tEXt", Array(Self.textKeyword.utf8) + [0] + PNGEncoder.latin1(spec.metadata, maxCount: .max), to: &prefix)
        let idat = prefix.count
        prefix += [0, 0, 0, 0] + Array("IDAT".utf8)
        // A flat picture's stream is a few hundred bytes a band; the rows that change dominate it.
        var deflater = RowDeflater(rowLength: stride + 1, prefix: prefix, capacity: prefix.count + 4 * stride + 1024)
        var filtered = [UInt8](repeating: 0, count: stride + 1)
        var y = 0
        while y < spec.height {
            cursor.move(to: y)
            // Sub filter: each byte minus the byte a pixel to its left; flat spans become zeros.
            cursor.row.withUnsafeBufferPointer { row in
                filtered.withUnsafeMutableBufferPointer { out in
                    out[0] = 1
                    for x in 0..<min(3, stride) { out[1 + x] = row[x] }
                    var x = 3
                    while x < stride {
                        out[1 + x] = row[x] &- row[x - 3]
                        x += 1
                    }
                    deflater.writeRow(UnsafePointer(out.baseAddress!))
                }
            }
            let end = min(cursor.bandEnd, spec.height)
            deflater.repeatRow(times: end - y - 1)
            y = end
        }
        var out = deflater.finish()
        let length = out.count - idat - 8
        out.replaceSubrange(idat..<(idat + 4), with: PNGEncoder.bigEndian(UInt32(length)))
        // One CRC over type and data: zlib's is fastest on long inputs.
        let crc = out.withUnsafeBufferPointer { Deflate.crc32($0.baseAddress! + idat + 4, count: length + 4) }
        out += PNGEncoder.bigEndian(crc)
        PNGEncoder.appendChunk("IEND", [], to: &out)
        return out
    }
}
