// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// Deferred replies on HTTP/2 streams are bounded by `deferredReplyTimeout` and answered once: a
/// stream whose reply never comes gets a 504 and the connection's other streams go on; a late or
/// second reply puts nothing on the wire.
@Suite struct StreamReplyDeadlineTests {
    /// One exchange as the client saw it: the body of `stream`, and every frame read meanwhile.
    private struct Exchange {
        var headers: [UInt8] = []
        var body: [UInt8] = []
        var frames: [FrameClient.Frame] = []
        var bodyText: String { String(decoding: self.body, as: UTF8.self) }
    }

    /// Sends a GET on `stream` and reads frames until that stream ends (nil if the connection ends first).
    private func exchange(_ client: FrameClient, _ path: String, stream: UInt32) -> Exchange? {
        client.get(path, stream: stream)
        var exchange = Exchange()
        while case .frame(let frame) = client.next() {
            exchange.frames.append(frame)
            guard frame.stream == stream else { continue }
            if frame.type == 1 { exchange.headers += frame.payload }
            if frame.type == 0 { exchange.body += frame.payload }
            if frame.type == 3 { return nil }
            if (frame.type == 0 || frame.type == 1) && frame.flags & 1 == 1 { return exchange }
        }
        return nil
    }

    /// Reads the error body's fields.
    private func fields(_ exchange: Exchange) -> [String: String]? {
        try? JSONSerialization.jsonObject(with: Data(exchange.body)) as? [String: String]
    }

    /// Two more exchanges; neither may see a frame on `stream`, which has finished. The second
    /// starts a round trip after the first, so anything queued for `stream` before it would show.
    private func expectNothingMoreOn(
        _ stream: UInt32, _ client: FrameClient, next: UInt32, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for id in [next, next + 2] {
            let later = self.exchange(client, "/_mock/health", stream: id)
            #expect(later?.bodyText == #"{"status":"ok"}"#, sourceLocation: sourceLocation)
            #expect(
                later?.frames.contains { $0.stream == stream } == false, "a frame on finished stream \(stream)",
                sourceLocation: sourceLocation)
        }
    }

    @Test func streamWhoseReplyNeverComesGets504_AndTheConnectionGoesOn() throws {
        let server = try FixtureServer { $0.deferredReplyTimeout = .milliseconds(200) }
        defer { server.stop() }
        let client = try FrameClient(port: server.port)
        let timedOut = try #require(self.exchange(client, "/hold", stream: 1), "no answer on stream 1")
        // nghttp2 writes a `:status` the static table lacks as a plain literal, so the digits show.
        #expect(String(decoding: timedOut.headers, as: UTF8.self).contains("504"))
        let body = try #require(self.fields(timedOut), "\(timedOut.bodyText)")
        #expect(body["code"] == "GATEWAY_TIMEOUT")
        #expect(body["request_id"]?.count == 32)
        #expect(server.heldCount == 1)
        // The handler answers at last: too late, and dropped.
        server.releaseHeld()
        self.expectNothingMoreOn(1, client, next: 3)
    }

    /// A body that trickles in gets `bodyTimeout` as a whole, as on HTTP/1.1: 408 on that stream, then
    /// `RST_STREAM NO_ERROR` to stop its upload; the connection's other streams go on.
    @Test func streamWhoseBodyDoesNotArriveInTimeGets408_AndTheConnectionGoesOn() throws {
        let server = try FixtureServer { $0.bodyTimeout = .milliseconds(200) }
        defer { server.stop() }
        let client = try FrameClient(port: server.port)
        client.startPost("/echo", stream: 1, length: 10)
        client.data([0x61], stream: 1, endStream: false)
        var exchange = Exchange()
        var reset: FrameClient.Frame?
        while case .frame(let frame) = client.next() {
            guard frame.stream == 1 else { continue }
            if frame.type == 1 { exchange.headers += frame.payload }
            if frame.type == 0 { exchange.body += frame.payload }
            if frame.type == 3 {
                reset = frame
                break
            }
        }
        #expect(String(decoding: exchange.headers, as: UTF8.self).contains("408"))
        let body = try #require(self.fields(exchange), "\(exchange.bodyText)")
        #expect(body["code"] == "REQUEST_TIMEOUT")
        #expect(body["detail"] == "Request body was not received in time.")
        #expect(reset?.payload == [0, 0, 0, 0])
        self.expectNothingMoreOn(1, client, next: 3)
    }

    @Test func streamReplyCompletedTwiceIsSentOnce() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let client = try FrameClient(port: server.port)
        let answered = try #require(self.exchange(client, "/twice", stream: 1))
        #expect(answered.bodyText == #"{"reply":1}"#)
        self.expectNothingMoreOn(1, client, next: 3)
    }
}
