// SPDX-License-Identifier: Apache-2.0

/// Reads an image's width and height from its header, without decoding it.
///
/// JPEG: the first start-of-frame segment (any SOFn but DHT, JPG and DAC), other segments skipped by their
/// length. PNG: `IHDR`. WebP: the first chunk, `VP8 ` (lossy frame header), `VP8L` (lossless) or `VP8X`
/// (extended canvas). HEIC/HEIF: the first `ispe` property under `meta` → `iprp` → `ipco`, or failing that the
/// first `ispe` box anywhere in `meta`. Every read is bounds-checked and every loop advances, so hostile or
/// truncated input gives nil, never a crash.
public enum ImageDimensions {
    /// The width and height `bytes` (a whole file or enough of its start) declare, or nil if they are not a
    /// readable JPEG, PNG, WebP or HEIC/HEIF header or declare a zero size.
    public static func read(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        let size: (width: Int, height: Int)?
        switch ImageSignature.detect(bytes) {
        case .jpeg: size = Self.jpeg(bytes)
        case .png: size = Self.png(bytes)
        case .webp: size = Self.webp(bytes)
        case .heif: size = Self.heif(bytes)
        case nil: size = nil
        }
        guard let size, size.width > 0, size.height > 0 else { return nil }
        return size
    }

    private static func jpeg(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        var offset = 2  // after SOI
        while offset < bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            // Any number of 0xFF fill bytes may precede a marker (T.81 B.1.1.2).
            while offset < bytes.count && bytes[offset] == 0xFF { offset += 1 }
            guard offset < bytes.count else { return nil }
            let marker = bytes[offset]
            offset += 1
            switch marker {
            case 0x01, 0xD0...0xD8:
                continue  // TEM, RSTn, SOI: no length, no payload
            case 0x00, 0xD9, 0xDA:
                return nil  // a stuffed byte, EOI or the scan before any frame header
            default:
                break
            }
            guard let length = Self.bigEndian(bytes, offset, 2), length >= 2 else { return nil }
            if [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF].contains(marker) {
                // Length, sample precision, then height and width.
                guard length >= 7, let height = Self.bigEndian(bytes, offset + 3, 2),
                    let width = Self.bigEndian(bytes, offset + 5, 2)
                else { return nil }
                return (width, height)
            }
            offset += length
        }
        return nil
    }

    private static func png(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard Self.fourCC(bytes, 12) == "IHDR", let width = Self.bigEndian(bytes, 16, 4),
            let height = Self.bigEndian(bytes, 20, 4), width <= Int(Int32.max), height <= Int(Int32.max)
        else { return nil }
        return (width, height)
    }

    /// RIFF header (12 bytes), then the first chunk: four-character code, 32-bit size, data at 20.
    private static func webp(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        switch Self.fourCC(bytes, 12) {
        case "VP8 ":
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height, each with a 2-bit scale.
            guard bytes.count >= 30, bytes[23] == 0x9D, bytes[24] == 0x01, bytes[25] == 0x2A,
                let width = Self.littleEndian(bytes, 26, 2), let height = Self.littleEndian(bytes, 28, 2)
            else { return nil }
            return (width & 0x3FFF, height & 0x3FFF)
        case "VP8L":
            // Signature 0x2F, then width − 1 and height − 1 in 14 bits each, least significant first.
            guard bytes.count >= 25, bytes[20] == 0x2F, let bits = Self.littleEndian(bytes, 21, 4) else { return nil }
            return ((bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1)
        case "VP8X":
            // Flags and reserved (4 bytes), then canvas width − 1 and height − 1 in 24 bits each.
            guard let width = Self.littleEndian(bytes, 24, 3), let height = Self.littleEndian(bytes, 27, 3) else {
                return nil
            }
            return (width + 1, height + 1)
        default:
            return nil
        }
    }

    /// ISO-BMFF boxes (ISO/IEC 14496-12 §4.2); `meta` is a full box (4 bytes of version and flags before its
    /// children); `ispe` is a full box holding 32-bit width and height (ISO/IEC 23008-12 §6.5.3).
    private static func heif(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard let meta = Self.firstBox("meta", in: bytes, from: 0, to: bytes.count) else { return nil }
        let metaChildren = meta.body + 4
        guard metaChildren <= meta.end else { return nil }
        var ispe: (body: Int, end: Int)?
        if let iprp = Self.firstBox("iprp", in: bytes, from: metaChildren, to: meta.end),
            let ipco = Self.firstBox("ipco", in: bytes, from: iprp.body, to: iprp.end)
        {
            ispe = Self.firstBox("ispe", in: bytes, from: ipco.body, to: ipco.end)
        }
        if ispe == nil { ispe = Self.scan("ispe", in: bytes, from: metaChildren, to: meta.end) }
        guard let ispe, ispe.end - ispe.body >= 12, let width = Self.bigEndian(bytes, ispe.body + 4, 4),
            let height = Self.bigEndian(bytes, ispe.body + 8, 4)
        else { return nil }
        return (width, height)
    }

    /// The first box of `type` among the boxes laid end to end in `start..<end`: its body and end offsets.
    private static func firstBox(
        _ type: String, in bytes: [UInt8], from start: Int, to end: Int
    ) -> (
        body: Int, end: Int
    )? {
        var offset = start
        while let box = Self.box(bytes, at: offset, end: end) {
            if box.type == type { return (box.body, box.end) }
            offset = box.end  // at least 8 bytes on
        }
        return nil
    }

    /// The first place in `start..<end` that reads as a box of `type`, wherever it starts.
    private static func scan(
        _ type: String, in bytes: [UInt8], from start: Int, to end: Int
    ) -> (
        body: Int, end: Int
    )? {
        var offset = start
        while offset + 8 <= end {
            if Self.fourCC(bytes, offset + 4) == type, let box = Self.box(bytes, at: offset, end: end) {
                return (box.body, box.end)
            }
            offset += 1
        }
        return nil
    }

    /// The box header at `offset` if the whole box lies before `end`: 32-bit size (1: a 64-bit size follows the
    /// type; 0: to the end), four-character type.
    private static func box(_ bytes: [UInt8], at offset: Int, end: Int) -> (type: String, body: Int, end: Int)? {
        guard end <= bytes.count, offset >= 0, offset + 8 <= end, var size = Self.bigEndian(bytes, offset, 4),
            let type = Self.fourCC(bytes, offset + 4)
        else { return nil }
        var header = 8
        if size == 1 {
            guard offset + 16 <= end, let high = Self.bigEndian(bytes, offset + 8, 4),
                let low = Self.bigEndian(bytes, offset + 12, 4), high == 0
            else { return nil }  // a box of 4 GiB or more cannot lie within a byte array here
            size = low
            header = 16
        } else if size == 0 {
            size = end - offset
        }
        guard size >= header, size <= end - offset else { return nil }
        return (type, offset + header, offset + size)
    }

    private static func bigEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int? {
        guard offset >= 0, offset + count <= bytes.count else { return nil }
        return bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func littleEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int? {
        guard offset >= 0, offset + count <= bytes.count else { return nil }
        return bytes[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    private static func fourCC(_ bytes: [UInt8], _ offset: Int) -> String? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
    }
}
