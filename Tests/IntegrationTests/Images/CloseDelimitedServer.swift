// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaNet
import Synchronization

/// A bare server on 127.0.0.1:0 that answers every request with `200`, no `Content-Length` and `body`,
/// ended by closing the connection (RFC 9112 §6.3, item 8), the way a streaming origin may: a size cap
/// can then only be enforced while the bytes arrive.
final class CloseDelimitedServer: Sendable {
    let port: UInt16
    private let listener: Socket
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)

    init(body: [UInt8]) throws {
        self.listener = try Socket.listen(host: "127.0.0.1", port: 0)
        self.port = self.listener.localPort()
        let head = Array("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nConnection: close\r\n\r\n".utf8)
        let thread = Thread { [self] in
            while self.running.load(ordering: .relaxed) {
                guard case .done(let client)? = try? self.listener.accept() else {
                    usleep(1_000)
                    continue
                }
                Self.serve(client, head + body)
            }
            self.finished.signal()
        }
        thread.start()
    }

    func stop() {
        self.running.store(false, ordering: .relaxed)
        self.finished.wait()
        self.listener.close()
    }

    /// Reads the request head, writes the whole response, closes; gives up on any error (the client left).
    private static func serve(_ client: Socket, _ response: [UInt8]) {
        defer { client.close() }
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.suffix(4).elementsEqual([13, 10, 13, 10]) {
            let result = buffer.withUnsafeMutableBytes { try? client.read(into: $0) }
            switch result {
            case .done(let count)? where count > 0: request += buffer[0..<count]
            case .wouldBlock?: usleep(500)
            default: return
            }
        }
        var offset = 0
        while offset < response.count {
            let result = response[offset...].withUnsafeBytes { try? client.write($0) }
            switch result {
            case .done(let count)?: offset += count
            case .wouldBlock?: usleep(500)
            case nil: return
            }
        }
    }
}
