// SPDX-License-Identifier: Apache-2.0

/// The request-target forms a server must accept (RFC 9112 §3.2).
package enum RequestTarget {
    /// Splits a target into its percent-decoded path and query items.
    /// - Throws: 400 for a target that is not origin-, absolute- or (for OPTIONS) asterisk-form, or
    ///   for a malformed percent escape.
    package static func parse(_ bytes: UnsafeRawBufferPointer, method: String) throws(HTTPParseError) -> (String, [QueryItem]) {
        if bytes.count == 1 && bytes[0] == UInt8(ascii: "*") {
            guard method == "OPTIONS" else { throw .bad("Asterisk-form target is only for OPTIONS.") }
            return ("*", [])
        }
        var start = 0
        if bytes[0] != UInt8(ascii: "/") {
            // absolute-form: scheme "://" authority path-abempty [ "?" query ]
            guard let schemeEnd = Self.find("://", in: bytes), Self.isScheme(UnsafeRawBufferPointer(rebasing: bytes[0..<schemeEnd]))
            else { throw .bad("Invalid request target.") }
            start = schemeEnd + 3
            while start < bytes.count && bytes[start] != UInt8(ascii: "/") && bytes[start] != UInt8(ascii: "?") { start += 1 }
        }
        var queryStart = start
        while queryStart < bytes.count && bytes[queryStart] != UInt8(ascii: "?") { queryStart += 1 }
        let rawPath = UnsafeRawBufferPointer(rebasing: bytes[start..<queryStart])
        guard let decodedPath = PercentDecoding.decode(rawPath, plusIsSpace: false) else { throw .bad("Malformed percent-encoding in path.") }
        let path = decodedPath.isEmpty ? "/" : decodedPath
        guard queryStart < bytes.count else { return (path, []) }
        let rawQuery = UnsafeRawBufferPointer(rebasing: bytes[(queryStart + 1)...])
        guard let query = PercentDecoding.decodeQuery(rawQuery) else { throw .bad("Malformed percent-encoding in query.") }
        return (path, query)
    }

    /// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` (RFC 3986 §3.1), so `a?b=://` is not taken for a scheme.
    private static func isScheme(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let first = bytes.first, (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z") else { return false }
        return bytes.allSatisfy { byte in
            let lower = byte | 0x20
            return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
    }

    private static func find(_ needle: String, in bytes: UnsafeRawBufferPointer) -> Int? {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return nil }
        for index in 0...(bytes.count - pattern.count) where bytes[index] == pattern[0] {
            if (0..<pattern.count).allSatisfy({ bytes[index + $0] == pattern[$0] }) { return index }
        }
        return nil
    }
}
