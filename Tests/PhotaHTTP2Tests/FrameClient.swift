// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport

/// A bare HTTP/2 client over a raw socket, for tests that watch frames around server lifecycle
/// events. Header blocks use HPACK literals without indexing (RFC 7541 §6.2.2), no Huffman.
final class FrameClient {
    struct Frame {
        let type: UInt8
        let flags: UInt8
        let stream: UInt32
        let payload: [UInt8]
    }

    enum Event {
        case frame(Frame)
        case closed
        case timedOut
    }

    private let raw: RawClient
    private var buffer: [UInt8] = []

    /// Connects and sends the preface and an empty SETTINGS.
    init(port: UInt16, timeoutSeconds: Int = 10) throws {
        self.raw = try RawClient(port: port, timeoutSeconds: timeoutSeconds)
        self.raw.send(
            Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8) + Self.frame(type: 4, flags: 0, stream: 0, payload: []))
    }

    static func frame(type: UInt8, flags: UInt8, stream: UInt32, payload: [UInt8]) -> [UInt8] {
        let length = payload.count
        return [
            UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type, flags,
            UInt8(stream >> 24 & 0x7F), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF),
        ] + payload
    }

    /// Sends a GET for `path` on `stream` (END_HEADERS | END_STREAM).
    func get(_ path: String, stream: UInt32) {
        var block: [UInt8] = []
        for (name, value) in [(":method", "GET"), (":scheme", "http"), (":authority", "127.0.0.1"), (":path", path)] {
            block.append(0x00)
            block.append(UInt8(name.utf8.count))
            block += Array(name.utf8)
            block.append(UInt8(value.utf8.count))
            block += Array(value.utf8)
        }
        self.raw.send(Self.frame(type: 1, flags: 0x5, stream: stream, payload: block))
    }

    /// Sends the HEADERS of a POST for `path` on `stream` announcing `length` body bytes, without END_STREAM.
    func startPost(_ path: String, stream: UInt32, length: Int) {
        var block: [UInt8] = []
        let fields = [
            (":method", "POST"), (":scheme", "http"), (":authority", "127.0.0.1"), (":path", path),
            ("content-length", "\(length)"),
        ]
        for (name, value) in fields {
            block.append(0x00)
            block.append(UInt8(name.utf8.count))
            block += Array(name.utf8)
            block.append(UInt8(value.utf8.count))
            block += Array(value.utf8)
        }
        self.raw.send(Self.frame(type: 1, flags: 0x4, stream: stream, payload: block))
    }

    /// Sends one DATA frame on `stream`.
    func data(_ bytes: [UInt8], stream: UInt32, endStream: Bool) {
        self.raw.send(Self.frame(type: 0, flags: endStream ? 0x1 : 0, stream: stream, payload: bytes))
    }

    /// The next frame (SETTINGS from the server are acknowledged on the way), or why there is none.
    func next() -> Event {
        while true {
            if self.buffer.count >= 9 {
                let length = Int(self.buffer[0]) << 16 | Int(self.buffer[1]) << 8 | Int(self.buffer[2])
                if self.buffer.count >= 9 + length {
                    let stream =
                        UInt32(self.buffer[5] & 0x7F) << 24 | UInt32(self.buffer[6]) << 16 | UInt32(self.buffer[7]) << 8
                        | UInt32(self.buffer[8])
                    let frame = Frame(
                        type: self.buffer[3], flags: self.buffer[4], stream: stream,
                        payload: Array(self.buffer[9..<(9 + length)]))
                    self.buffer.removeFirst(9 + length)
                    if frame.type == 4 && frame.flags & 1 == 0 {
                        self.raw.send(Self.frame(type: 4, flags: 1, stream: 0, payload: []))
                    }
                    return .frame(frame)
                }
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(self.raw.fd, $0.baseAddress, $0.count, 0) }
            if count == 0 || (count < 0 && errno == ECONNRESET) { return .closed }
            if count < 0 { return .timedOut }
            self.buffer += chunk[0..<count]
        }
    }

    /// Reads frames until one satisfies `predicate`; nil when the connection closed or timed out first.
    func until(_ predicate: (Frame) -> Bool) -> Frame? {
        while case .frame(let frame) = self.next() {
            if predicate(frame) { return frame }
        }
        return nil
    }
}
