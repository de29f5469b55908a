// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import PhotaHTTP

/// A connection's input buffer gives memory back once a large request has been parsed.
@Suite struct InboundBufferTests {
    /// Feeds `bytes` in 64 KiB reads the way the event loop does: append, parse what is complete, compact.
    private func feed(_ bytes: [UInt8], into buffer: inout InboundBuffer, parser: inout RequestParser) -> [HTTPRequest]
    {
        var requests: [HTTPRequest] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + 64 * 1024, bytes.count)
            bytes[offset..<end].withUnsafeBytes { buffer.append($0) }
            offset = end
            parsing: while buffer.unread > 0 {
                switch buffer.withUnread({ parser.parse($0) }) {
                case .complete(let request, let consumed):
                    requests.append(request)
                    buffer.consume(consumed)
                case .needMoreData:
                    break parsing
                case .malformed(let error):
                    Issue.record("malformed: \(error)")
                    return requests
                }
            }
            buffer.compact()
        }
        return requests
    }

    private static func post(bodyBytes: Int) -> [UInt8] {
        Array("POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: \(bodyBytes)\r\n\r\n".utf8)
            + [UInt8](repeating: 0x61, count: bodyBytes)
    }

    @Test func storageIsReleasedAfterALargeBody() {
        var buffer = InboundBuffer()
        var parser = RequestParser()
        let requests = self.feed(Self.post(bodyBytes: 8 * 1024 * 1024), into: &buffer, parser: &parser)
        #expect(requests.count == 1)
        #expect(requests.first?.body.count == 8 * 1024 * 1024)
        #expect(buffer.unread == 0)
        #expect(buffer.capacity <= InboundBuffer.retainedCapacity)
    }

    @Test func aPipelinedRemainderIsCopiedDownToItsSize() {
        var buffer = InboundBuffer()
        var parser = RequestParser()
        // The large request's last read also carries the start of the next request.
        let next = Array("GET /next HTTP/1.1\r\nHo".utf8)
        let requests = self.feed(Self.post(bodyBytes: 8 * 1024 * 1024) + next, into: &buffer, parser: &parser)
        #expect(requests.count == 1)
        #expect(buffer.unread == next.count)
        #expect(buffer.capacity <= InboundBuffer.retainedCapacity)
        let rest = self.feed(Array("st: h\r\n\r\n".utf8), into: &buffer, parser: &parser)
        #expect(rest.map(\.path) == ["/next"])
    }

    @Test func chunkedBodiesToo() {
        var buffer = InboundBuffer()
        var parser = RequestParser()
        var bytes = Array("POST /u HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        let chunk = Array("10000\r\n".utf8) + [UInt8](repeating: 0x62, count: 0x10000) + Array("\r\n".utf8)
        for _ in 0..<128 { bytes += chunk }
        bytes += Array("0\r\n\r\n".utf8)
        let requests = self.feed(bytes, into: &buffer, parser: &parser)
        #expect(requests.first?.body.count == 128 * 0x10000)
        #expect(buffer.capacity <= InboundBuffer.retainedCapacity)
    }

    @Test func smallRequestsKeepTheirStorage() {
        var buffer = InboundBuffer()
        var parser = RequestParser()
        _ = self.feed(Array("GET /a HTTP/1.1\r\nHost: h\r\n\r\n".utf8), into: &buffer, parser: &parser)
        let kept = buffer.capacity
        #expect(kept > 0)
        _ = self.feed(Array("GET /b HTTP/1.1\r\nHost: h\r\n\r\n".utf8), into: &buffer, parser: &parser)
        #expect(buffer.capacity == kept)
    }
}
