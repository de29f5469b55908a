// SPDX-License-Identifier: Apache-2.0

/// Writes an HTTP/1.1 response head and body into one buffer, so each response leaves in one
/// `send` (a head and body in two writes meet delayed ACK on keep-alive connections).
package enum ResponseEncoder {
    /// Appends the encoded response to `out`.
    /// - Parameters:
    ///   - includeBody: false for HEAD, which still announces the length GET would send.
    ///   - connection: the `Connection` field to send, if any (`close`, or `keep-alive` for HTTP/1.0).
    static func encode(
        _ response: HTTPResponse,
        requestID: String,
        date: [UInt8],
        includeBody: Bool,
        connection: String?,
        into out: inout [UInt8]
    ) {
        let status = response.status
        out.reserveCapacity(out.count + 192 + response.body.count)
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        Self.appendDecimal(status.code, to: &out)
        out.append(0x20)
        Self.append(status.reasonPhrase, to: &out)
        out.append(contentsOf: "\r\nDate: ".utf8)
        out.append(contentsOf: date)
        Self.forEachField(of: response, requestID: requestID) { name, value in
            out.append(contentsOf: "\r\n".utf8)
            Self.appendFieldName(name, to: &out)
            out.append(contentsOf: ": ".utf8)
            Self.append(value, to: &out)
        }
        if let connection {
            out.append(contentsOf: "\r\nConnection: ".utf8)
            Self.append(connection, to: &out)
        }
        out.append(contentsOf: "\r\n\r\n".utf8)
        if includeBody { out.append(contentsOf: response.body) }
    }

    /// The response fields every protocol sends after `date`, names lowercase: the handler's own
    /// fields (less `content-length`, `date` and `connection`, which the server owns), then
    /// `content-type` (JSON unless set; none for an empty body, RFC 9110 §8.3), `content-length`
    /// (not for 1xx and 204), `x-request-id`.
    /// HTTP/1.1 and HTTP/2 both write exactly these, so an endpoint answers alike over either.
    @inline(__always)
    package static func forEachField(of response: HTTPResponse, requestID: String, _ visit: (String, String) -> Void) {
        let code = response.status.code
        var hasContentType = false
        for field in response.headers.fields {
            if field.name == "content-length" || field.name == "date" || field.name == "connection" { continue }
            if field.name == "content-type" { hasContentType = true }
            visit(field.name, field.value)
        }
        if !hasContentType && code >= 200 && !response.body.isEmpty { visit("content-type", "application/json") }
        if code >= 200 && code != 204 { visit("content-length", String(response.body.count)) }
        visit("x-request-id", requestID)
    }

    /// Appends the UTF-8 of `text`, copied from its contiguous storage (every native string has it): the generic
    /// `append(contentsOf: text.utf8)` walks the view byte by byte.
    @inline(__always)
    static func append(_ text: String, to out: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) == nil {
            out.append(contentsOf: text.utf8)
        }
    }

    /// Header names are kept lowercase inside; on the wire HTTP/1.1 gets the usual Title-Case.
    private static func appendFieldName(_ name: String, to out: inout [UInt8]) {
        // Copied whole, then capitalised in place: one append instead of one per byte.
        let start = out.count
        Self.append(name, to: &out)
        out.withUnsafeMutableBufferPointer { buffer in
            var upper = true
            for index in start..<buffer.count {
                let byte = buffer[index]
                if upper && byte &- 0x61 < 26 { buffer[index] = byte - 0x20 }
                upper = byte == UInt8(ascii: "-")
            }
        }
    }

    @inline(__always)
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var remaining = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while remaining > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }
}
