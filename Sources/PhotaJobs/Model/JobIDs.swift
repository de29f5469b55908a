// SPDX-License-Identifier: Apache-2.0
import PhotaCrypto

/// Job and delivery ids: 32 lowercase hex digits from the system's random source, like profile ids.
enum JobIDs {
    static func next() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for byte in SecureRandom.bytes(16) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
