// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// Graceful shutdown and idle timeout as an HTTP/2 client sees them.
@Suite struct LifecycleTests {
    @Test func shutdownSendsGoawayAndLetsInFlightStreamsFinish() throws {
        let server = try FixtureServer()
        let client = try FrameClient(port: server.port)
        client.get("/hold", stream: 1)
        // Bounded wait for the request to reach the handler (a live socket, no clock to drive).
        var waited = 0
        while server.heldCount == 0 && waited < 5000 {
            usleep(1000)
            waited += 1
        }
        try #require(server.heldCount == 1, "the held request never reached the handler")
        server.server.shutdown()
        let goaway = try #require(client.until { $0.type == 7 })
        // Last stream id 1 (the in-flight one), error NO_ERROR.
        #expect(goaway.payload == [0, 0, 0, 1, 0, 0, 0, 0])
        server.releaseHeld()
        let headers = try #require(client.until { $0.type == 1 })
        #expect(headers.stream == 1)
        var body: [UInt8] = []
        while let data = client.until({ $0.type == 0 }) {
            body += data.payload
            if data.flags & 1 == 1 { break }
        }
        #expect(String(decoding: body, as: UTF8.self) == #"{"held":true}"#)
        guard case .closed = client.next() else {
            Issue.record("the connection stayed open after its last stream finished")
            return
        }
        server.server.wait()
    }

    @Test func idleConnectionIsClosedAfterTheIdleTimeout() throws {
        let server = try FixtureServer { $0.idleTimeout = .milliseconds(200) }
        defer { server.stop() }
        let client = try FrameClient(port: server.port, timeoutSeconds: 10)
        client.get("/_mock/health", stream: 1)
        let data = try #require(client.until { $0.type == 0 && $0.flags & 1 == 1 })
        #expect(String(decoding: data.payload, as: UTF8.self) == #"{"status":"ok"}"#)
        // Nothing more is sent; the server closes the connection (well before the 10 s read timeout).
        switch client.next() {
        case .closed: break
        case .timedOut: Issue.record("the idle connection was not closed")
        case .frame(let frame): Issue.record("unexpected frame type \(frame.type)")
        }
    }
}
