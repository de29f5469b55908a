// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// Opens image bytes with a real decoder (python3 + Pillow) and reports what it found; also makes input
/// images for the studio calls.
enum PillowProbe {
    /// What Pillow read from an image, after `im.load()` (every pixel decoded).
    struct Info: Equatable {
        /// `PNG`, `JPEG`, …
        var format: String
        var width: Int
        var height: Int
        var mode: String
        /// PNG text chunks (`im.text`).
        var text: [String: String]
        /// The JPEG comment (`im.info["comment"]`), nil when there is none.
        var comment: String?
        /// How many distinct colours the pixels have (capped at 257).
        var colors: Int
    }

    static let probeScript = """
        import sys, io, json
        from PIL import Image
        data = sys.stdin.buffer.read()
        try:
            im = Image.open(io.BytesIO(data))
            im.load()
        except Exception as error:
            print(json.dumps({"error": repr(error)}))
            sys.exit(0)
        comment = im.info.get("comment")
        if isinstance(comment, bytes):
            comment = comment.decode("latin-1")
        text = dict(getattr(im, "text", None) or {})
        colors = im.convert("RGB").getcolors(256)
        print(json.dumps({"format": im.format, "size": list(im.size), "mode": im.mode, "text": text,
                          "comment": comment, "colors": 257 if colors is None else len(colors)}))
        """

    /// Runs `script` with `input` on its standard input; its status and standard output.
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
        // Written on another thread so that a large image cannot fill both pipes and block either side.
        let writer = stdin.fileHandleForWriting
        let bytes = Data(input)
        let written = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            writer.write(bytes)
            try? writer.close()
            written.signal()
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        written.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Decodes `bytes`; fails the test when Pillow cannot.
    static func probe(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> Info {
        let result = try self.python(self.probeScript, input: bytes)
        #expect(result.status == 0, "python3 failed: \(result.output)", sourceLocation: sourceLocation)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
            "no JSON from the probe: \(result.output)", sourceLocation: sourceLocation)
        if let error = object["error"] as? String {
            Issue.record("Pillow cannot decode the image: \(error)", sourceLocation: sourceLocation)
            throw ProbeError.undecodable(error)
        }
        let size = try #require(object["size"] as? [Int], sourceLocation: sourceLocation)
        return Info(
            format: object["format"] as? String ?? "", width: size.first ?? 0, height: size.last ?? 0,
            mode: object["mode"] as? String ?? "", text: object["text"] as? [String: String] ?? [:],
            comment: object["comment"] as? String, colors: object["colors"] as? Int ?? 0)
    }

    enum ProbeError: Error { case undecodable(String) }

    /// A real image made by Pillow (`PNG` or `JPEG`) of the given size, as raw base64.
    static func makeImage(width: Int, height: Int, format: String = "PNG") throws -> String {
        let script = """
            import sys, io, base64
            from PIL import Image
            im = Image.new("RGB", (\(width), \(height)), (200, 120, 40))
            for x in range(0, \(width), 3):
                im.putpixel((x, x % \(height)), (10, 20, 30))
            out = io.BytesIO()
            im.save(out, "\(format)")
            sys.stdout.write(base64.b64encode(out.getvalue()).decode("ascii"))
            """
        let result = try self.python(script)
        #expect(result.status == 0)
        #expect(!result.output.isEmpty)
        return result.output
    }
}
