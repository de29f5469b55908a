// SPDX-License-Identifier: Apache-2.0

/// What `await request.json()` does inside FastAPI: `json.loads(body_bytes)`, with its outcome sorted the way
/// FastAPI sorts it (a `JSONDecodeError` becomes a 422 `json_invalid`, anything else a 400).
package enum JSONBodyDecoding {
    /// Why the body could not be decoded.
    package enum Failure: Error, Equatable {
        /// `json.JSONDecodeError`: its `msg` and `pos` (a character index into the decoded text).
        case syntax(message: String, position: Int)
        /// Any other exception (bad encoding, integer too long, nesting too deep): FastAPI's 400.
        case unparsable
    }

    /// A decoded body.
    package struct Document {
        /// The JSON value; lone surrogates appear as U+FFFD.
        package var value: JSONValue
        /// Strings (values or keys) that held a lone surrogate in Python. Python cannot UTF-8-encode them, so a
        /// response echoing one fails with a 500; see `ValidationFailure`.
        package var loneSurrogateStrings: Set<ExactString>
    }

    /// Decodes `body` as `json.loads(body)` would.
    package static func decode(_ body: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, Failure> {
        self.decodeDocument(body).map(\.value)
    }

    /// Decodes `body` as `json.loads(body)` would, keeping track of lone surrogates.
    package static func decodeDocument(_ body: UnsafeBufferPointer<UInt8>) -> Result<Document, Failure> {
        switch PythonTextDecoding.detectEncoding(body) {
        case let encoding where encoding == .utf8 || encoding == .utf8WithBOM:
            // `utf-8-sig` drops exactly one BOM; positions count from after it.
            let text = encoding == .utf8WithBOM ? UnsafeBufferPointer(rebasing: body[3...]) : body
            guard let surrogates = PythonTextDecoding.scanUTF8(text, allowSurrogates: true) else {
                return .failure(.unparsable)
            }
            if surrogates.isEmpty { return self.parse(text, surrogates: []) }
            // Each encoded surrogate (3 bytes, 1 character) becomes U+FFFD (3 bytes, 1 character): offsets and
            // positions stay valid.
            var repaired = Array(text)
            for offset in surrogates { repaired.replaceSubrange(offset..<(offset + 3), with: [0xEF, 0xBF, 0xBD]) }
            return repaired.withUnsafeBufferPointer { self.parse($0, surrogates: surrogates) }
        case let encoding:
            guard let (text, surrogates) = PythonTextDecoding.transcodeToUTF8(body, encoding: encoding) else {
                return .failure(.unparsable)
            }
            return text.withUnsafeBufferPointer { self.parse($0, surrogates: surrogates) }
        }
    }

    private static func parse(_ text: UnsafeBufferPointer<UInt8>, surrogates: [Int]) -> Result<Document, Failure> {
        var parser = PythonJSONParser(bytes: text, surrogateOffsets: surrogates)
        do {
            let value = try parser.parseDocument()
            return .success(Document(value: value, loneSurrogateStrings: parser.loneSurrogateStrings))
        } catch .syntax(let message, let byteOffset) {
            let position = PythonTextDecoding.characterIndex(ofByteOffset: byteOffset, in: text)
            return .failure(.syntax(message: message, position: position))
        } catch {
            return .failure(.unparsable)
        }
    }
}
