// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import PhotaImaging

/// PNGs opened by a real decoder (Pillow): size, mode, every pixel and the `tEXt` chunks as written.
@Suite struct PNGEncoderTests {
    static let hasPillow: Bool = (try? Self.python("import PIL"))?.status == 0

    static func python(_ script: String, input: [UInt8] = []) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test(.enabled(if: Self.hasPillow, "Pillow is not installed (scripts/deps.sh test installs it)"))
    func pillowReadsEveryPixelAndTheText() throws {
        let width = 7
        let height = 5
        var rgb: [UInt8] = []
        for index in 0..<(width * height) {
            let blue: UInt8 = index % 3 == 0 ? 0 : 200
            rgb += [UInt8(index * 7 % 256), UInt8(255 - index), blue]
        }
        let png = PNGEncoder.encode(
            width: width, height: height, rgb: rgb,
            text: [("Comment", "phota-mock {\"index\":0}"), ("Title", "caf\u{E9}")])
        #expect(Array(png.prefix(8)) == PNGEncoder.signature)
        let script = """
            import sys, io, json
            from PIL import Image
            image = Image.open(io.BytesIO(sys.stdin.buffer.read()))
            image.load()
            print(json.dumps({"size": image.size, "mode": image.mode, "pixels": list(image.tobytes()),
                              "text": image.text}, sort_keys=True))
            """
        let result = try Self.python(script, input: png)
        #expect(result.status == 0)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(decoded["size"] as? [Int] == [width, height])
        #expect(decoded["mode"] as? String == "RGB")
        #expect(decoded["pixels"] as? [Int] == rgb.map(Int.init))
        #expect(decoded["text"] as? [String: String] == ["Comment": "phota-mock {\"index\":0}", "Title": "caf\u{E9}"])
    }

    @Test func theSamePixelsGiveTheSameBytes() {
        let rgb = [UInt8](repeating: 40, count: 4 * 4 * 3)
        #expect(PNGEncoder.encode(width: 4, height: 4, rgb: rgb) == PNGEncoder.encode(width: 4, height: 4, rgb: rgb))
        // IHDR right after the signature: length 13, type, width 4, height 4, 8-bit truecolour.
        let header = Array(PNGEncoder.encode(width: 4, height: 4, rgb: rgb)[8..<29])
        #expect(header == [0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 4, 8, 2, 0, 0, 0])
    }
}
