// SPDX-License-Identifier: Apache-2.0

/// The request-target forms a server must accept (RFC 9112 §3.2).
package enum RequestTarget {
    /// A target split into its path and query, each raw (as sent) and percent-decoded.
    package struct Parts: Sendable {
        /// The path as sent, `/` when an absolute-form target has none.
        package var rawPath: String
        /// The path percent-decoded (malformed escapes kept as they are).
        package var path: String
        /// The text after `?`, as sent; empty when there is none.
        package var rawQuery: String
        /// The query pairs, percent-decoded (malformed escapes kept as they are).
        package var query: [QueryItem]
    }

    /// Splits a target into its raw and percent-decoded path and query.
    /// - Throws: 400 for a target that is not origin-, absolute- or (for OPTIONS) asterisk-form,
    ///   for an absolute-form authority that is empty or not `host[:port]`, and for a fragment.
    package static func parse(_ bytes: UnsafeRawBufferPointer, method: String) throws(HTTPParseError) -> Parts {
        if bytes.count == 1 && bytes[0] == UInt8(ascii: "*") {
            guard method == "OPTIONS" else { throw .bad("Asterisk-form target is only for OPTIONS.") }
            return Parts(rawPath: "*", path: "*", rawQuery: "", query: [])
        }
        // RFC 9112 §3.2: request-target has no fragment part; a client must not send one.
        if bytes.contains(UInt8(ascii: "#")) { throw .bad("A request target may not hold a fragment.") }
        var start = 0
        if bytes.first != UInt8(ascii: "/") {
            // absolute-form: scheme "://" authority path-abempty [ "?" query ]
            guard let schemeEnd = Self.find("://", in: bytes),
                Self.isScheme(UnsafeRawBufferPointer(rebasing: bytes[0..<schemeEnd]))
            else { throw .bad("Invalid request target.") }
            start = schemeEnd + 3
            while start < bytes.count && bytes[start] != UInt8(ascii: "/") && bytes[start] != UInt8(ascii: "?") {
                start += 1
            }
            let authority = UnsafeRawBufferPointer(rebasing: bytes[(schemeEnd + 3)..<start])
            // RFC 9110 §4.2.1: an http URI with an empty host must be rejected as invalid.
            guard authority.first != nil, authority.first != UInt8(ascii: ":"), AuthoritySyntax.isValid(authority)
            else {
                throw .bad("Invalid authority in request target.")
            }
        }
        var queryStart = start
        while queryStart < bytes.count && bytes[queryStart] != UInt8(ascii: "?") { queryStart += 1 }
        let rawPath = UnsafeRawBufferPointer(rebasing: bytes[start..<queryStart])
        var parts = Parts(
            rawPath: rawPath.isEmpty ? "/" : String(decoding: rawPath, as: UTF8.self),
            path: rawPath.isEmpty ? "/" : PercentDecoding.decode(rawPath, plusIsSpace: false),
            rawQuery: "",
            query: []
        )
        guard queryStart < bytes.count else { return parts }
        let rawQuery = UnsafeRawBufferPointer(rebasing: bytes[(queryStart + 1)...])
        parts.rawQuery = String(decoding: rawQuery, as: UTF8.self)
        parts.query = PercentDecoding.decodeQuery(rawQuery)
        return parts
    }

    /// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` (RFC 3986 §3.1), so `a?b=://` is not taken for a scheme.
    private static func isScheme(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let first = bytes.first, (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z") else {
            return false
        }
        return bytes.allSatisfy { byte in
            let lower = byte | 0x20
            return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
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
