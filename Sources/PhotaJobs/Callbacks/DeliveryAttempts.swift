// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// The attempts of a delivery as stored: a JSON array, one object per attempt,
/// `{"attempt": n, "at": "<ISO wall time>", "status": <int or null>, "error": <string or null>,
/// "latency_ms": <number or null>, "signature": <the X-Phota-Signature sent, or null>}`.
enum DeliveryAttempts {
    static func entry(number: Int, outcome: AttemptOutcome, signature: String?) -> String {
        var out =
            "{\"attempt\":\(number),\"at\":"
            + JSONText.quote(ISOTimestamp.format(milliseconds: ISOTimestamp.nowMilliseconds()))
        switch outcome {
        case .answered(let status, let latency):
            out += ",\"status\":\(status),\"error\":null,\"latency_ms\":\((latency * 10).rounded() / 10)"
        case .failure(let message):
            out += ",\"status\":null,\"error\":" + JSONText.quote(message) + ",\"latency_ms\":null"
        }
        out += ",\"signature\":" + (signature.map(JSONText.quote) ?? "null") + "}"
        return out
    }

    static func appending(_ attempts: String, _ entry: String) -> String {
        attempts == "[]" ? "[" + entry + "]" : String(attempts.dropLast()) + "," + entry + "]"
    }

    /// How many attempts the stored array holds.
    static func count(_ attempts: String) -> Int {
        var count = 0
        var rest = Substring(attempts)
        while let range = rest.firstRange(of: "{\"attempt\":") {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }
}

/// Random ids for deliveries and jobs: 32 lowercase hex digits.
enum DeliveryIDs {
    static func next() -> String {
        JobIDs.next()
    }
}
