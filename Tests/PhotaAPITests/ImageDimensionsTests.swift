// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import PhotaImaging

/// Sizes read from headers Pillow writes (JPEG baseline and progressive, PNG, WebP lossy, lossless and with
/// alpha), from a hand-built HEIF box tree, and nil for truncated or random bytes.
@Suite struct ImageDimensionsTests {
    /// Each fixture by name with the size it was saved at, as base64.
    static func pillowFixtures() throws -> [String: (width: Int, height: Int, bytes: [UInt8])] {
        let script = """
            import io, json, base64
            from PIL import Image
            out = {}
            def save(name, image, **options):
                buffer = io.BytesIO()
                image.save(buffer, **options)
                out[name] = [image.size[0], image.size[1], base64.b64encode(buffer.getvalue()).decode()]
            rgb = Image.new("RGB", (321, 123), (200, 30, 90))
            save("jpeg", rgb, format="JPEG", quality=90)
            save("jpeg-progressive", Image.new("RGB", (1000, 17), (1, 2, 3)), format="JPEG", progressive=True)
            save("jpeg-exif", rgb, format="JPEG", exif=Image.Exif(), icc_profile=b"x" * 3000)
            save("png", Image.new("RGB", (4097, 3), (0, 0, 0)), format="PNG")
            save("webp-lossy", Image.new("RGB", (300, 200), (9, 9, 9)), format="WEBP", quality=80)
            save("webp-lossless", Image.new("RGB", (16383, 5), (9, 9, 9)), format="WEBP", lossless=True)
            save("webp-alpha", Image.new("RGBA", (77, 55), (9, 9, 9, 100)), format="WEBP", quality=80)
            print(json.dumps(out))
            """
        let result = try PNGEncoderTests.python(script)
        try #require(result.status == 0, "python3 with Pillow (WebP support included) is needed for these tests")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: [Any]])
        return try object.mapValues { entry in
            let text = try #require(entry[2] as? String)
            let data = try #require(Data(base64Encoded: text))
            return (try #require(entry[0] as? Int), try #require(entry[1] as? Int), [UInt8](data))
        }
    }

    @Test func pillowHeaders() throws {
        let fixtures = try Self.pillowFixtures()
        #expect(fixtures.count == 7)
        for (name, fixture) in fixtures {
            let size = ImageDimensions.read(fixture.bytes)
            #expect(
                size?.width == fixture.width && size?.height == fixture.height, "\(name): \(String(describing: size))")
            // Every strict prefix that cuts the header short reads as nil, never as a wrong size.
            for count in [0, 1, 2, 3, 8, 12, 16, 20, 23, 25, 29] where count < fixture.bytes.count {
                let prefix = ImageDimensions.read(Array(fixture.bytes.prefix(count)))
                #expect(prefix == nil || prefix! == (fixture.width, fixture.height), "\(name) cut to \(count)")
            }
        }
        // The chunks that decide each WebP's size: lossy, lossless, extended.
        #expect(Array(try #require(fixtures["webp-lossy"]).bytes[12..<16]) == Array("VP8 ".utf8))
        #expect(Array(try #require(fixtures["webp-lossless"]).bytes[12..<16]) == Array("VP8L".utf8))
        #expect(Array(try #require(fixtures["webp-alpha"]).bytes[12..<16]) == Array("VP8X".utf8))
        #expect(try #require(fixtures["jpeg-progressive"]).bytes.contains(0xC2))
    }

    /// An ISO-BMFF box: 32-bit size, type, payload.
    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        let size = UInt32(8 + payload.count)
        return [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
            + Array(type.utf8) + payload
    }

    static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static let fullBox: [UInt8] = [0, 0, 0, 0]

    static func heif(width: UInt32, height: UInt32) -> [UInt8] {
        let ftyp = Self.box("ftyp", Array("heic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8))
        let hdlr = Self.box(
            "hdlr", Self.fullBox + [0, 0, 0, 0] + Array("pict".utf8) + [UInt8](repeating: 0, count: 13))
        let ispe = Self.box("ispe", Self.fullBox + Self.be32(width) + Self.be32(height))
        let iprp = Self.box(
            "iprp", Self.box("ipco", Self.box("colr", Array("nclx".utf8) + [0, 1, 0, 1, 0, 1, 0]) + ispe))
        let meta = Self.box("meta", Self.fullBox + hdlr + Self.box("pitm", Self.fullBox + [0, 1]) + iprp)
        return ftyp + meta + Self.box("mdat", [1, 2, 3])
    }

    @Test func heifISpeProperty() {
        let file = Self.heif(width: 4032, height: 3024)
        #expect(ImageSignature.detect(file) == .heif)
        #expect(ImageDimensions.read(file)! == (4032, 3024))
        for count in 0..<file.count - 4 {
            // Cut anywhere before the end of `ispe`, the size is unknown.
            if count < file.count - 11 { #expect(ImageDimensions.read(Array(file.prefix(count))) == nil) }
        }
        // No `iprp`: an `ispe` box somewhere inside `meta` still counts.
        let ftyp = Self.box("ftyp", Array("mif1".utf8) + [0, 0, 0, 0])
        let loose =
            ftyp
            + Self.box(
                "meta", Self.fullBox + Self.box("xxxx", Self.box("ispe", Self.fullBox + Self.be32(8) + Self.be32(9))))
        #expect(ImageDimensions.read(loose)! == (8, 9))
        // Box sizes that overrun or loop: nil.
        #expect(ImageDimensions.read(ftyp + [0xFF, 0xFF, 0xFF, 0xFF] + Array("meta".utf8)) == nil)
        #expect(ImageDimensions.read(ftyp + [0, 0, 0, 0] + Array("meta".utf8)) == nil)
        #expect(
            ImageDimensions.read(ftyp + [0, 0, 0, 1] + Array("meta".utf8) + [UInt8](repeating: 0, count: 8)) == nil)
    }

    @Test func jpegMarkersAreWalked() {
        // Fill bytes, a standalone marker, an APP segment, then SOF2 with height 5 and width 6.
        let jpeg: [UInt8] =
            [0xFF, 0xD8, 0xFF, 0xFF, 0xD0, 0xFF, 0xE1, 0x00, 0x04, 0xAA, 0xBB]
            + [0xFF, 0xC2, 0x00, 0x0B, 0x08, 0x00, 0x05, 0x00, 0x06, 0x01, 0x01, 0x11, 0x00]
        #expect(ImageDimensions.read(jpeg)! == (6, 5))
        // DHT (C4) is not a frame header; a zero-length segment and a scan before any frame are unreadable.
        #expect(ImageDimensions.read([0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x07, 8, 0, 5, 0, 6]) == nil)
        #expect(ImageDimensions.read([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00, 0xFF, 0xC0]) == nil)
        #expect(ImageDimensions.read([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02]) == nil)
        #expect(ImageDimensions.read([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 8, 0, 0, 0, 6]) == nil)  // height 0
        #expect(ImageDimensions.read(IdenticonJPEG.render(seed: "a"))! == (256, 256))
    }

    @Test func garbageIsNil() {
        var generator = SystemRandomNumberGenerator()
        let heads: [[UInt8]] = [
            [], [0xFF, 0xD8, 0xFF], PNGEncoder.signature, Array("RIFF\0\0\0\0WEBP".utf8),
            Array(Self.heif(width: 1, height: 1).prefix(24)),
        ]
        for _ in 0..<2000 {
            let head = heads.randomElement(using: &generator)!
            let tail = (0..<Int.random(in: 0..<200, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            // Random bytes after a signature may by chance spell a size; the point is that nothing crashes or hangs.
            if let size = ImageDimensions.read(head + tail) { #expect(size.width > 0 && size.height > 0) }
        }
        #expect(ImageDimensions.read(Array("not an image at all".utf8)) == nil)
        #expect(ImageDimensions.read(PNGEncoder.signature + [0, 0, 0, 13] + Array("IHDR".utf8) + [0, 0]) == nil)
        #expect(ImageDimensions.read(Array("RIFF\0\0\0\0WEBPVP8 ".utf8) + [0, 0, 0, 0, 0, 0, 0]) == nil)
    }
}
