// SPDX-License-Identifier: Apache-2.0

/// Percent-decoding of paths and query components (RFC 3986 §2.1).
enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as space when `plusIsSpace`, as in form-encoded queries).
    /// Returns nil for a malformed escape. Bytes that do not form UTF-8 become U+FFFD.
    static func decode(_ bytes: UnsafeRawBufferPointer, plusIsSpace: Bool) -> String? {
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
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else { return nil }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits a raw query string on `&` and `=` and decodes each part.
    static func decodeQuery(_ bytes: UnsafeRawBufferPointer) -> [QueryItem]? {
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
                let rawValue = equals < pair.count ? UnsafeRawBufferPointer(rebasing: pair[(equals + 1)...]) : UnsafeRawBufferPointer(start: nil, count: 0)
                guard let name = decode(rawName, plusIsSpace: true), let value = decode(rawValue, plusIsSpace: true) else {
                    return nil
                }
                items.append(QueryItem(name: name, value: value))
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
