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
        var out = ""
        out.reserveCapacity(text.utf8.count + 2)
        self.appendQuoted(text, to: &out)
        return out
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
