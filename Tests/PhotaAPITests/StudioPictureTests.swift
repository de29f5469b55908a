// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import PhotaImaging

/// Studio pictures opened by real decoders (Pillow; djpeg when installed): format, size, the metadata as
/// written, the identicons' colours where the layout put them; and the bytes are a function of the spec.
@Suite struct StudioPictureTests {
    static let ids = ["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", "x"]
    static let metadata = #"{"prompt":"a cat on a \"mat\"","index":0,"note":"tab\there"}"#
    static let sizes = [(1, 1), (7, 13), (13, 7), (64, 48), (256, 256), (256, 144), (192, 256), (1000, 750)]

    /// Pillow's view of an image: format, size, mode, text or comment, and the RGB values at `points`.
    static func decode(_ bytes: [UInt8], points: [(Int, Int)]) throws -> [String: Any] {
        let probes = points.map { "[\($0.0),\($0.1)]" }.joined(separator: ",")
        let script = """
            import sys, io, json
            from PIL import Image
            image = Image.open(io.BytesIO(sys.stdin.buffer.read()))
            image.load()
            info = image.info.get("comment", b"")
            text = getattr(image, "text", {}).get("phota-mock")
            rgb = image.convert("RGB")
            print(json.dumps({"format": image.format, "size": image.size, "mode": image.mode, "text": text,
                              "comment": info.decode("latin-1") if isinstance(info, bytes) else info,
                              "pixels": [list(rgb.getpixel((x, y))) for x, y in [\(probes)]]}))
            """
        let result = try PNGEncoderTests.python(script, input: bytes)
        try #require(result.status == 0, "Pillow could not open the picture (is python3-pil installed?)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    /// The centre of the first identicon's first 'on' cell, and that identicon's colour, if the layout drew one.
    static func firstOnCell(_ spec: PictureSpec) -> (point: (Int, Int), color: RGB)? {
        let layout = PictureLayout(spec)
        guard let tile = layout.rects.first(where: { $0.color == IdenticonPattern.background }) else { return nil }
        let pattern = IdenticonPattern(id: spec.identities[0])
        let cell = (tile.x1 - tile.x0) / IdenticonPattern.cells
        for row in 0..<8 {
            for column in 0..<8 where pattern.isOn(row: row, column: column) {
                return ((tile.x0 + column * cell + cell / 2, tile.y0 + row * cell + cell / 2), pattern.foreground)
            }
        }
        return nil
    }

    @Test(arguments: [PictureFormat.png, .jpeg])
    func decodersReadEverySize(format: PictureFormat) throws {
        for (width, height) in Self.sizes {
            let spec = PictureSpec(
                width: width, height: height, format: format, seed: 42, identities: Self.ids, index: 2,
                metadata: Self.metadata)
            let bytes = StudioPicture.render(spec)
            let onCell = Self.firstOnCell(spec)
            let decoded = try Self.decode(bytes, points: onCell.map { [$0.point] } ?? [])
            #expect(decoded["size"] as? [Int] == [width, height], "\(width)×\(height) \(format)")
            #expect(decoded["mode"] as? String == "RGB")
            switch format {
            case .png:
                #expect(decoded["format"] as? String == "PNG")
                #expect(decoded["text"] as? String == Self.metadata)
            case .jpeg:
                #expect(decoded["format"] as? String == "JPEG")
                #expect(decoded["comment"] as? String == Self.metadata)
            }
            if let onCell, let pixel = (decoded["pixels"] as? [[Int]])?.first {
                let expected = [onCell.color.red, onCell.color.green, onCell.color.blue].map(Int.init)
                let tolerance = format == .png ? 0 : 8
                #expect(
                    zip(pixel, expected).allSatisfy { abs($0 - $1) <= tolerance },
                    "\(width)×\(height) \(format): \(pixel) at \(onCell.point), identicon colour \(expected)")
            }
            #expect(ImageDimensions.read(bytes)! == (width, height))
        }
        // The sizes from 64 up hold identicons; a 1×1 or 7×13 picture is only background.
        #expect(
            Self.firstOnCell(PictureSpec(width: 256, height: 144, format: format, seed: 1, identities: Self.ids)) != nil
        )
    }

    @Test func largeCellsAreOneColourInJPEG() throws {
        let spec = PictureSpec(width: 512, height: 384, format: .jpeg, seed: 9, identities: [Self.ids[0]], index: 0)
        let onCell = try #require(Self.firstOnCell(spec))
        let decoded = try Self.decode(StudioPicture.render(spec), points: [onCell.point])
        let pixel = try #require((decoded["pixels"] as? [[Int]])?.first)
        let expected = [onCell.color.red, onCell.color.green, onCell.color.blue].map(Int.init)
        #expect(zip(pixel, expected).allSatisfy { abs($0 - $1) <= 2 })
    }

    static let djpeg = FileManager.default.isExecutableFile(atPath: "/usr/bin/djpeg")

    @Test(.enabled(if: Self.djpeg, "djpeg (libjpeg-turbo-progs) is not installed"))
    func djpegDecodesWithoutWarnings() throws {
        for (width, height) in Self.sizes + [(4096, 8), (8, 4096)] {
            let jpeg = StudioPicture.render(
                PictureSpec(
                    width: width, height: height, format: .jpeg, seed: 3, identities: Self.ids, index: 1,
                    metadata: Self.metadata))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/djpeg")
            process.arguments = ["-ppm", "-outfile", "/dev/null"]
            let stdin = Pipe()
            let stderr = Pipe()
            process.standardInput = stdin
            process.standardError = stderr
            try process.run()
            stdin.fileHandleForWriting.write(Data(jpeg))
            try stdin.fileHandleForWriting.close()
            let warnings = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(width)×\(height)")
            #expect(warnings.isEmpty, "\(width)×\(height): \(warnings)")
        }
    }

    @Test(arguments: [PictureFormat.png, .jpeg])
    func theSameSpecGivesTheSameBytesAndTheIndexShows(format: PictureFormat) {
        let spec = PictureSpec(
            width: 256, height: 192, format: format, seed: 77, identities: Self.ids, index: 0, metadata: "{}")
        #expect(StudioPicture.render(spec) == StudioPicture.render(spec))
        var next = spec
        next.index = 1
        #expect(StudioPicture.render(next) != StudioPicture.render(spec))
        var other = spec
        other.seed = 78
        #expect(StudioPicture.render(other) != StudioPicture.render(spec))
    }

    @Test func manyIdentitiesShowAsManyAsFit() {
        let ids = (0..<500).map { "id-\($0)" }
        let layout = PictureLayout(PictureSpec(width: 64, height: 64, format: .png, seed: 1, identities: ids))
        let tiles = layout.rects.filter { $0.color == IdenticonPattern.background }
        #expect(!tiles.isEmpty && tiles.count < ids.count)
        #expect(tiles.allSatisfy { $0.x0 >= 0 && $0.y0 >= 0 && $0.x1 <= 64 && $0.y1 <= 64 })
    }

    static let pixelSpecs: [PictureSpec] = {
        let ids = Self.ids + ["id-3", "id-4"]
        let metadata = String(repeating: "{\"prompt\":\"a cat on a mat\"}", count: 12)
        return [0, 1, 2, 5].map {
            PictureSpec(
                width: 256, height: 256, format: .png, seed: 42, identities: Array(ids.prefix($0)), index: $0,
                metadata: metadata)
        }
            + [(256, 144), (1000, 750), (2048, 2048)].map {
                PictureSpec(
                    width: $0.0, height: $0.1, format: .png, seed: 7, identities: ids, index: 3, metadata: metadata)
            }
    }()

    /// Every pixel Pillow decodes equals the layout painted pixel by pixel; zlib checks the Adler-32 as it reads.
    @Test(arguments: Self.pixelSpecs)
    func pngDecodesToTheLayoutsPixels(spec: PictureSpec) throws {
        let png = StudioPicture.render(spec)
        let expected = StudioPicture.pixels(spec)
        let script = """
            import sys, io
            from PIL import Image
            data = sys.stdin.buffer.read()
            size = int.from_bytes(data[:4], "big")
            image = Image.open(io.BytesIO(data[4:4 + size]))
            image.load()
            pixels, expected = image.tobytes(), data[4 + size:]
            common = min(len(pixels), len(expected))
            wrong = -1 if pixels == expected else next(
                (i for i in range(common) if pixels[i] != expected[i]), common)
            print(image.mode, image.size[0], image.size[1], len(pixels), wrong)
            """
        let input = PNGEncoder.bigEndian(UInt32(png.count)) + png + expected
        let result = try PNGEncoderTests.python(script, input: input)
        try #require(result.status == 0, "Pillow could not open the picture (is python3-pil installed?)")
        let fields = result.output.split(separator: " ").map { String($0.filter { !$0.isNewline }) }
        let size = "\(spec.width) \(spec.height) \(spec.width * spec.height * 3)"
        #expect(fields.joined(separator: " ") == "RGB \(size) -1", "\(spec.width)×\(spec.height)")
    }

    /// The pictures' bytes as first written (PNG and JPEG): faster encoders must not change them.
    @Test func theBytesAreUnchanged() {
        let known: [(Int, UInt32)] = [
            (2522, 0x07EE_754D), (2792, 0x81B4_0EA8), (3042, 0xB65F_AD18), (3775, 0x7041_50BD), (2837, 0x9C3A_14BF),
            (26587, 0x431A_069F), (147365, 0x468B_8E33), (1479, 0x3DB9_85BE),
        ]
        for (spec, (count, crc)) in zip(Self.pixelSpecs + [Self.jpegSpec], known) {
            let bytes = StudioPicture.render(spec)
            #expect(bytes.count == count && Deflate.crc32(bytes) == crc, "\(spec.width)×\(spec.height) \(spec.format)")
        }
    }

    static let jpegSpec = PictureSpec(
        width: 256, height: 256, format: .jpeg, seed: 42, identities: Array(Self.ids.prefix(2)), index: 0,
        metadata: Self.metadata)

    /// The profile pictures are unchanged by sharing the identicon pattern: length and CRC-32 of known outputs.
    @Test func identiconJPEGIsUnchanged() {
        let known: [(String, Int, UInt32)] = [
            ("x", 1550, 0xADA1_88BF), ("image-host", 1639, 0x67D7_788F), ("", 1618, 0xFDA8_B41D),
            ("0123456789abcdef0123456789abcdef", 1529, 0x7C05_105A),
        ]
        for (seed, count, crc) in known {
            let jpeg = IdenticonJPEG.render(seed: seed)
            #expect(jpeg.count == count && Deflate.crc32(jpeg) == crc, "seed \(seed)")
        }
    }
}
