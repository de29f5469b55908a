// SPDX-License-Identifier: Apache-2.0
internal import CZlib

/// zlib, wrapped once: a whole buffer compressed into a zlib stream (RFC 1950) and CRC-32 (ISO 3309), the two
/// things a PNG needs (``RowDeflater`` computes its streams' Adler-32 itself, a band of rows at a time).
enum Deflate {
    /// `bytes` as one zlib stream at `level` (0–9; 6 is zlib's default balance).
    static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        precondition(phota_deflate_init(&stream, level) == Z_OK, "deflateInit failed")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
        let written = bytes.withUnsafeBufferPointer { input -> Int in
            output.withUnsafeMutableBufferPointer { out -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                // One call suffices: `deflateBound` sized the output for the whole input.
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END, "deflate did not finish")
                return out.count - Int(stream.avail_out)
            }
        }
        output.removeSubrange(written...)
        return output
    }

    /// The CRC-32 of `bytes`, continuing from `crc` (0 to start).
    static func crc32(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(UInt(crc), $0.baseAddress, UInt32($0.count))) }
    }

    /// The CRC-32 of `count` bytes at `bytes`, continuing from `crc` (0 to start).
    static func crc32(_ bytes: UnsafePointer<UInt8>, count: Int, continuing crc: UInt32 = 0) -> UInt32 {
        UInt32(CZlib.crc32_z(UInt(crc), bytes, count))
    }
}
