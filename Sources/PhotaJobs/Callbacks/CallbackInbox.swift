// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaHTTP
import Synchronization

/// phota-mock's own callback receiver, `POST /_mock/inbox/{name}`: a job whose `callback_url` points here has
/// its callbacks recorded (newest last, at most `capacity` per name) with the signature already checked against
/// the job's account's secret, so a test without an HTTP server of its own can assert on them.
public final class CallbackInbox: Sendable {
    struct Entry: Sendable {
        let receivedAt: Int64
        let headers: [(String, String)]
        let body: [UInt8]
        let jobID: String?
        let signatureValid: Bool
    }

    private let boxes = Mutex<[String: [Entry]]>([:])
    let capacity: Int

    public init(capacity: Int = 1000) {
        self.capacity = capacity
    }

    func record(name: String, _ entry: Entry) {
        self.boxes.withLock { boxes in
            boxes[name, default: []].append(entry)
            if boxes[name]!.count > self.capacity { boxes[name]!.removeFirst() }
        }
    }

    func entries(name: String) -> [Entry] {
        self.boxes.withLock { $0[name] ?? [] }
    }

    /// Empties one inbox (every inbox when nil); returns how many callbacks it held.
    func clear(name: String?) -> Int {
        self.boxes.withLock { boxes in
            guard let name else {
                defer { boxes.removeAll() }
                return boxes.values.reduce(0) { $0 + $1.count }
            }
            return boxes.removeValue(forKey: name)?.count ?? 0
        }
    }

    /// `{"name", "callbacks": [{"received_at", "job_id", "signature_valid", "headers": {…}, "body": <as received>}]}`;
    /// a body that is not JSON is given as a string.
    func json(name: String) -> String {
        var out = "{\"name\":\(JSONText.quote(name)),\"callbacks\":["
        for (index, entry) in self.entries(name: name).enumerated() {
            if index > 0 { out += "," }
            out += "{\"received_at\":" + JSONText.quote(ISOTimestamp.format(milliseconds: entry.receivedAt))
            out += ",\"job_id\":" + (entry.jobID.map(JSONText.quote) ?? "null")
            out += ",\"signature_valid\":\(entry.signatureValid),\"headers\":{"
            out += entry.headers.map { JSONText.quote($0.0) + ":" + JSONText.quote($0.1) }.joined(separator: ",")
            out += "},\"body\":" + Self.embedded(entry.body) + "}"
        }
        return out + "]}"
    }

    /// The body as JSON if it parses as JSON, else as a string.
    static func embedded(_ body: [UInt8]) -> String {
        let parses = body.withUnsafeBufferPointer { buffer -> Bool in
            var parser = PythonJSONParser(bytes: buffer)
            return (try? parser.parseDocument()) != nil
        }
        return parses ? String(decoding: body, as: UTF8.self) : JSONText.quote(String(decoding: body, as: UTF8.self))
    }
}
