// SPDX-License-Identifier: Apache-2.0

/// The `uri-host [ ":" port ]` grammar that a `Host` field and an absolute-form target's authority
/// must follow (RFC 9112 §3.2, RFC 3986 §3.2.2–3.2.3).
enum AuthoritySyntax {
    /// True when `bytes` is `uri-host [ ":" port ]`. `uri-host` is an IP-literal in brackets or a
    /// reg-name (unreserved, pct-encoded and sub-delims characters, which covers IPv4 too); `port`
    /// is digits. Userinfo (`user@host`) is refused: RFC 9110 §4.2.4 says a recipient should treat
    /// it as an error. An empty value is valid (RFC 9112 §3.2: a target without an authority).
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1 else { return false }
            // IPv6address / IPvFuture: hex digits, ":", "." and, for IPvFuture, unreserved and sub-delims.
            for position in 1..<close
            where !(Self.isRegNameByte(bytes[position]) || bytes[position] == UInt8(ascii: ":")) {
                return false
            }
            index = close + 1
        } else {
            while index < bytes.count && bytes[index] != UInt8(ascii: ":") {
                let byte = bytes[index]
                if byte == UInt8(ascii: "%") {
                    guard index + 2 < bytes.count, PercentDecoding.hexValue(bytes[index + 1]) != nil,
                        PercentDecoding.hexValue(bytes[index + 2]) != nil
                    else { return false }
                    index += 3
                    continue
                }
                guard Self.isRegNameByte(byte) else { return false }
                index += 1
            }
        }
        guard index < bytes.count else { return true }
        guard bytes[index] == UInt8(ascii: ":") else { return false }
        // port = *DIGIT (RFC 3986 §3.2.3): an empty port is allowed.
        for position in (index + 1)..<bytes.count
        where !(bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9")) {
            return false
        }
        return true
    }

    /// unreserved (`ALPHA DIGIT - . _ ~`) or sub-delims (`! $ & ' ( ) * + , ; =`).
    private static func isRegNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-._~!$&'()*+,;=".utf8.contains(byte)
        }
    }
}
