// SPDX-License-Identifier: Apache-2.0

/// Percent-decoding of paths and query components (RFC 3986 §2.1).
///
/// Decoding never fails: an escape that is not `%` and two hex digits stays as it is, and bytes
/// that do not form UTF-8 become U+FFFD, which is what Python's `urllib.parse.unquote` and
/// `parse_qsl` do (and so FastAPI). Whether a malformed escape is an error is the router's decision,
/// per route group (`RouteGroup.escapes`), so the parser keeps the raw text beside the decoded one.
package enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as space when `plusIsSpace`, as in form-encoded queries).
    package static func decode(_ bytes: UnsafeRawBufferPointer, plusIsSpace: Bool) -> String {
        var needsWork = false
        for byte in bytes where byte == UInt8(ascii: "%") || (plusIsSpace && byte == UInt8(ascii: "+")) {
            needsWork = true
            break
        }
        if !needsWork { return String(decoding: bytes, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
                let low = hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `decode` of a string's UTF-8 bytes.
    package static func decode(_ text: Substring, plusIsSpace: Bool) -> String {
        var text = text
        return text.withUTF8 { self.decode(UnsafeRawBufferPointer($0), plusIsSpace: plusIsSpace) }
    }

    /// True when every `%` starts an escape of two hex digits (RFC 3986 §2.1 `pct-encoded`).
    package static func isWellFormed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, hexValue(bytes[index + 1]) != nil, hexValue(bytes[index + 2]) != nil
                else { return false }
                index += 3
            } else {
                index += 1
            }
        }
        return true
    }

    /// `isWellFormed` of a string's UTF-8 bytes.
    package static func isWellFormed(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { self.isWellFormed(UnsafeRawBufferPointer($0)) }
    }

    /// Splits a raw query string on `&`, each pair at its first `=`, and decodes both parts with
    /// `+` as space. Empty pairs are skipped; a pair without `=` has an empty value. This is
    /// `parse_qsl(query, keep_blank_values=True)`, Starlette's reading of a query (`;` is no
    /// separator there either).
    package static func decodeQuery(_ bytes: UnsafeRawBufferPointer) -> [QueryItem] {
        var items = [QueryItem]()
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "&") { end += 1 }
            if end > start {
                let pair = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                var equals = 0
                while equals < pair.count && pair[equals] != UInt8(ascii: "=") { equals += 1 }
                let rawName = UnsafeRawBufferPointer(rebasing: pair[0..<equals])
                let rawValue =
                    equals < pair.count
                    ? UnsafeRawBufferPointer(rebasing: pair[(equals + 1)...])
                    : UnsafeRawBufferPointer(start: nil, count: 0)
                items.append(
                    QueryItem(name: decode(rawName, plusIsSpace: true), value: decode(rawValue, plusIsSpace: true)))
            }
            start = end + 1
        }
        return items
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
