// SPDX-License-Identifier: Apache-2.0
import PhotaCrypto

/// The `X-Phota-Signature` of a callback: `t=<unix seconds>,v1=<hex>`, where `v1` is the lowercase hex
/// HMAC-SHA256, keyed with the account's webhook secret (its UTF-8 bytes, `whsec_` prefix included), of
/// `<t>.<body>` — the timestamp, a full stop, and the exact body bytes. `t` is real (wall-clock) time, not the
/// simulated clock: a receiver compares it with its own clock to refuse replays.
public enum CallbackSignature {
    /// The header value for `body` sent at `timestamp`.
    public static func header(secret: String, timestamp: Int64, body: [UInt8]) throws(CryptoError) -> String {
        "t=\(timestamp),v1=" + (try Self.code(secret: secret, timestamp: timestamp, body: body))
    }

    static func code(secret: String, timestamp: Int64, body: [UInt8]) throws(CryptoError) -> String {
        try HMACSHA256.hex(key: Array(secret.utf8), message: Array("\(timestamp).".utf8) + body)
    }

    /// Whether `header` is a valid signature of `body` under `secret` (any `v1` entry matching counts).
    public static func isValid(header: String, secret: String, body: [UInt8]) -> Bool {
        var timestamp: Int64?
        var codes: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1" { codes.append(String(pair[1])) }
        }
        guard let timestamp, let expected = try? Self.code(secret: secret, timestamp: timestamp, body: body) else {
            return false
        }
        return codes.contains { ConstantTime.equals(Array($0.utf8), Array(expected.utf8)) }
    }
}
