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

    /// Decodes `body` as `json.loads(body)` would.
    package static func decode(_ body: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, Failure> {
        switch PythonTextDecoding.detectEncoding(body) {
        case .utf8:
            guard PythonTextDecoding.isValidUTF8(body) else { return .failure(.unparsable) }
            return self.parse(body)
        case .utf8WithBOM:
            // `utf-8-sig` drops exactly one BOM; positions count from after it.
            guard PythonTextDecoding.isValidUTF8(body) else { return .failure(.unparsable) }
            return self.parse(UnsafeBufferPointer(rebasing: body[3...]))
        case let encoding:
            guard let text = PythonTextDecoding.transcodeToUTF8(body, encoding: encoding) else {
                return .failure(.unparsable)
            }
            return text.withUnsafeBufferPointer { self.parse($0) }
        }
    }

    private static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, Failure> {
        var parser = PythonJSONParser(bytes: text)
        do {
            return .success(try parser.parseDocument())
        } catch .syntax(let message, let byteOffset) {
            let position = PythonTextDecoding.characterIndex(ofByteOffset: byteOffset, in: text)
            return .failure(.syntax(message: message, position: position))
        } catch {
            return .failure(.unparsable)
        }
    }
}
