// SPDX-License-Identifier: Apache-2.0

/// Builds the response for errors the HTTP layer itself detects (malformed requests, limits,
/// timeouts), so they carry the same JSON error body as the API's own errors.
public typealias ErrorResponseBuilder = @Sendable (_ status: HTTPStatus, _ detail: String, _ requestID: String) -> HTTPResponse

/// The default error body: `{"detail": …, "code": …, "request_id": …}`.
public enum DefaultErrorBody {
    /// A response with the Phota error body for a protocol-level error.
    public static func response(status: HTTPStatus, detail: String, requestID: String) -> HTTPResponse {
        .json(status, "{\"detail\":\(JSONText.quote(detail)),\"code\":\(JSONText.quote(Self.code(for: status))),\"request_id\":\(JSONText.quote(requestID))}")
    }

    /// The machine-readable code for a protocol-level status.
    public static func code(for status: HTTPStatus) -> String {
        switch status.code {
        case 404: "NOT_FOUND"
        case 405: "METHOD_NOT_ALLOWED"
        case 408: "REQUEST_TIMEOUT"
        case 413: "PAYLOAD_TOO_LARGE"
        case 414: "URI_TOO_LONG"
        case 417: "EXPECTATION_FAILED"
        case 431: "HEADERS_TOO_LARGE"
        case 500: "INTERNAL_ERROR"
        case 501: "NOT_IMPLEMENTED"
        case 503: "SERVICE_UNAVAILABLE"
        case 504: "GATEWAY_TIMEOUT"
        case 505: "HTTP_VERSION_NOT_SUPPORTED"
        default: "BAD_REQUEST"
        }
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
