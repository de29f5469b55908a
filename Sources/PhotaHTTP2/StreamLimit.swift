// SPDX-License-Identifier: Apache-2.0

/// `SETTINGS_MAX_CONCURRENT_STREAMS` enforced as RFC 9113 §5.1.2 allows, one stream at a time.
///
/// nghttp2 1.52 refuses a stream over its advertised limit with `REFUSED_STREAM` only until the
/// client acknowledges the SETTINGS; after that it ends the whole connection (GOAWAY
/// `PROTOCOL_ERROR`, `session_is_incoming_concurrent_streams_max` in `nghttp2_session.c`), and it has
/// no option to change that. So nghttp2 is given a limit no client reaches (`sessionLimit`), the
/// SETTINGS frame on the wire is rewritten to carry the real one, and the connection refuses each
/// stream over it itself (`RST_STREAM REFUSED_STREAM`), the others going on.
enum StreamLimit {
    /// What nghttp2 is told: far above any limit we advertise.
    static let sessionLimit: UInt32 = 1 << 31

    /// Rewrites the `SETTINGS_MAX_CONCURRENT_STREAMS` entry of the first non-ACK SETTINGS frame in
    /// `bytes` (whole frames, as `nghttp2_session_mem_send` returns them) to `limit`.
    /// - Returns: true when such a frame was found (the server's first SETTINGS, the preface).
    static func rewriteAdvertised(in bytes: inout [UInt8], to limit: UInt32) -> Bool {
        var offset = 0
        while offset + 9 <= bytes.count {
            let length = Int(bytes[offset]) << 16 | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2])
            let type = bytes[offset + 3]
            let flags = bytes[offset + 4]
            let payload = offset + 9
            guard payload + length <= bytes.count else { return false }
            if type == 0x4 && flags & 0x1 == 0 {
                // RFC 9113 §6.5.1: six-byte entries, a 16-bit identifier then a 32-bit value.
                var entry = payload
                while entry + 6 <= payload + length {
                    if bytes[entry] == 0 && bytes[entry + 1] == 0x3 {
                        bytes[entry + 2] = UInt8(truncatingIfNeeded: limit >> 24)
                        bytes[entry + 3] = UInt8(truncatingIfNeeded: limit >> 16)
                        bytes[entry + 4] = UInt8(truncatingIfNeeded: limit >> 8)
                        bytes[entry + 5] = UInt8(truncatingIfNeeded: limit)
                    }
                    entry += 6
                }
                return true
            }
            offset = payload + length
        }
        return false
    }
}
