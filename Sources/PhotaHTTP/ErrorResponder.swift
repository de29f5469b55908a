// SPDX-License-Identifier: Apache-2.0

/// Builds the response for errors the HTTP layer itself detects (malformed requests, limits,
/// timeouts). The layer knows no product's error format: an application passes its own builder,
/// so those errors carry the same body as its handlers' errors.
public typealias ErrorResponseBuilder =
    @Sendable (_ status: HTTPStatus, _ detail: String, _ requestID: String) -> HTTPResponse

/// The neutral error body used when no builder is given: `{"detail": …}`, the request ID in `X-Request-Id` only.
public enum PlainErrorBody {
    /// A JSON response whose body carries only the detail.
    public static func response(status: HTTPStatus, detail: String, requestID: String) -> HTTPResponse {
        .json(status, "{\"detail\":\(JSONText.quote(detail))}")
    }
}

/// Minimal JSON text helpers for hand-built bodies on the hot path.
public enum JSONText {
    /// `text` as a JSON string literal, quotes included (RFC 8259 §7).
    public static func quote(_ text: String) -> String {
        // Nothing to escape (ids, statuses, URLs): the quotes and the bytes written into one new string.
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard !bytes.contains(where: Self.needsEscape) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count + 2) { buffer in
                buffer[0] = UInt8(ascii: "\"")
                _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(from: bytes)
                buffer[bytes.count + 1] = UInt8(ascii: "\"")
                return bytes.count + 2
            }
        }
        if let plain, let plain { return plain }
        var out = ""
        out.reserveCapacity(text.utf8.count + 2)
        self.appendQuoted(text, to: &out)
        return out
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Appends `text` as a JSON string literal to the bytes `out`: copied as it is when nothing needs escaping.
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        // On the contiguous bytes (every native string has them): iterating `utf8` costs several times as much.
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.contains(where: Self.needsEscape) else { return false }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return true
        }
        if plain != true { out.append(contentsOf: self.quote(text).utf8) }
    }

    /// Appends `text` as a JSON string literal to `out`, without intermediate strings when
    /// nothing needs escaping (the common case, and the one bodies of many strings hit).
    public static func appendQuoted(_ text: String, to out: inout String) {
        var needsEscape = false
        for byte in text.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            needsEscape = true
            break
        }
        out.append("\"")
        guard needsEscape else {
            out.append(text)
            out.append("\"")
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}
