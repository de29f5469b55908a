// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import Testing

/// Limits, `Expect: 100-continue`, and the statuses of malformed requests, each fed every way.
@Suite struct RequestParserLimitTests {
    private static var small: ServerLimits {
        var limits = ServerLimits()
        limits.maxRequestLineBytes = 64
        limits.maxHeaderBytes = 160
        limits.maxHeaderCount = 4
        limits.maxBodyBytes = 10
        return limits
    }

    private func statuses(_ outcomes: [Outcome]) -> [Int] {
        outcomes.map { outcome in
            if case .error(let code) = outcome { return code }
            return 200
        }
    }

    // MARK: 100-continue

    @Test func continueIsRequestedOnceWhenOnlyTheHeadHasArrived() throws {
        var parser = RequestParser()
        let head = Array("POST /u HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 5\r\n\r\n".utf8)
        let first = head.withUnsafeBytes { parser.parse($0) }
        guard case .needMoreData = first else {
            Issue.record("expected needMoreData, got \(first)")
            return
        }
        #expect(parser.takeContinueRequest() == true)
        #expect(parser.takeContinueRequest() == false)
        #expect(parser.isReadingBody)
        let again = head.withUnsafeBytes { parser.parse($0) }
        guard case .needMoreData = again else {
            Issue.record("expected needMoreData, got \(again)")
            return
        }
        #expect(parser.takeContinueRequest() == false)
        let whole = head + Array("hello".utf8)
        guard case .complete(let request, let consumed) = whole.withUnsafeBytes({ parser.parse($0) }) else {
            Issue.record("not complete")
            return
        }
        #expect(consumed == whole.count)
        #expect(request.body == Array("hello".utf8))
        #expect(parser.takeContinueRequest() == false)
    }

    @Test func continueIsRequestedAcrossEveryDripFeed() {
        let text =
            "POST /u HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        let bytes = Array(text.utf8)
        let byteByByte = DripFeed.run(bytes, cuts: Array(0..<bytes.count))
        #expect(byteByByte.continues == 1)
        #expect(byteByByte.outcomes.count == 1)
        let headOnly = DripFeed.run(bytes, cuts: [text.utf8.count - 13])
        #expect(headOnly.continues == 1)
        #expect(DripFeed.run(bytes, cuts: []).continues == 0)  // the body came with the head: nothing to ask for
    }

    @Test func noContinueWithoutBodyOrOnHTTP10() {
        for text in [
            "GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n",
            "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
        ] {
            let bytes = Array(text.utf8)
            let run = DripFeed.run(bytes, cuts: Array(0..<bytes.count))
            #expect(run.continues == 0, "\(text)")
            #expect(run.outcomes.count == 1)
        }
    }

    @Test func overLimitContentLengthWithExpectIs413NotContinue() {
        let bytes = Array("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n".utf8)
        let run = DripFeed.run(bytes, cuts: Array(0..<bytes.count), limits: Self.small)
        #expect(run.continues == 0)
        #expect(run.outcomes == [.error(413)])
    }

    @Test func otherExpectationsAre417() {
        #expect(
            DripFeed.verify("POST / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx") == [
                .error(417)
            ])
        #expect(DripFeed.verify("GET / HTTP/1.1\r\nHost: h\r\nExpect:\r\n\r\n") == [.error(417)])
    }

    // MARK: Limits

    @Test func requestLineLimitIs414() {
        // The limit counts the line without its CRLF: exactly the limit fits, one more does not.
        let fits = "GET /" + String(repeating: "a", count: 50) + " HTTP/1.1"
        #expect(fits.utf8.count == 64)
        #expect(self.statuses(DripFeed.verify(fits + "\r\nHost: h\r\n\r\n", limits: Self.small)) == [200])
        let over = "GET /" + String(repeating: "a", count: 51) + " HTTP/1.1"
        #expect(DripFeed.verify(over + "\r\nHost: h\r\n\r\n", limits: Self.small) == [.error(414)])
        let long = "GET /" + String(repeating: "a", count: 80) + " HTTP/1.1\r\nHost: h\r\n\r\n"
        #expect(DripFeed.verify(long, limits: Self.small) == [.error(414)])
        // Refused before the line ends: a client cannot make the server buffer an endless line.
        #expect(DripFeed.verify("GET /" + String(repeating: "a", count: 80), limits: Self.small) == [.error(414)])
    }

    @Test func headerBytesLimitIs431() {
        let value = String(repeating: "v", count: 200)
        #expect(
            DripFeed.verify("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(value)\r\n\r\n", limits: Self.small) == [.error(431)]
        )
        #expect(DripFeed.verify("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(value)", limits: Self.small) == [.error(431)])
    }

    @Test func leadingEmptyLinesCountTowardTheHeaderLimit() {
        let flood = String(repeating: "\r\n", count: 100)
        #expect(DripFeed.verify(flood, limits: Self.small) == [.error(431)])
    }

    @Test func headerCountLimitIs431() {
        let four = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(self.statuses(DripFeed.verify(four, limits: Self.small)) == [200])
        let five = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"
        #expect(DripFeed.verify(five, limits: Self.small) == [.error(431)])
    }

    @Test func bodyLimitByLengthIs413() {
        #expect(
            self.statuses(
                DripFeed.verify(
                    "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789", limits: Self.small)) == [200])
        #expect(
            DripFeed.verify("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n01234567890", limits: Self.small)
                == [.error(413)])
        #expect(
            DripFeed.verify("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999999999999\r\n\r\n") == [.error(413)]
        )
    }

    @Test func bodyLimitByChunksIs413() {
        let fits =
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n"
        #expect(self.statuses(DripFeed.verify(fits, limits: Self.small)) == [200])
        let over =
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n6\r\n567890\r\n0\r\n\r\n"
        #expect(DripFeed.verify(over, limits: Self.small) == [.error(413)])
        let huge = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFF\r\n"
        #expect(DripFeed.verify(huge) == [.error(413)])
    }

    @Test func trailerSectionLimitIs431() {
        let trailer = String(repeating: "t", count: 200)
        let text = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: \(trailer)\r\n\r\n"
        #expect(DripFeed.verify(text, limits: Self.small) == [.error(431)])
    }

    // MARK: Malformed requests

    @Test(arguments: [
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 4\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x10\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1e3\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000001\r\nx\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;\u{01}\r\nabc\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n", 400),
        ("GET / HTTP/1.1\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\nX : y\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\nX\u{0}Y: y\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{0}b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{7F}b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\n: empty\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", 400),
        ("GET /a\u{0}b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET /a\u{1}b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400),
        ("GET /\r\nHost: h\r\n\r\n", 400),
        ("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        (" GET / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
        ("GET / HTTP/0.9\r\nHost: h\r\n\r\n", 505),
        ("GET / HTTP/1.x\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/1.10\r\nHost: h\r\n\r\n", 400),
        ("GET / http/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", 400),
        ("GET a/b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET a?b=://c HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET 1http://h/ HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        // Host must be `uri-host [ ":" port ]` (RFC 9112 §3.2).
        ("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: user@x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x:abc\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x/y\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a%zz\r\n\r\n", 400),
        // Absolute-form needs a host; userinfo is refused (RFC 9110 §4.2.1, §4.2.4); no fragments.
        ("GET http:///path HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET http://:80/path HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET http://u@h/path HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET /a#frag HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET /a?b=c#frag HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        // Chunk extensions follow their grammar (RFC 9112 §7.1.1).
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;\r\nabc\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;=v\r\nabc\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;a=\r\nabc\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b c\r\nabc\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;a=\"x\r\nabc\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;a(b\r\nabc\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n0\r\n\r\n", 400),
        // Trailer lines are fields (RFC 9112 §7.1.2).
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nGET / HTTP/1.1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nNoColon\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: a\r\n b\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX : a\r\n\r\n", 400),
        // Expect is one list over all its fields: anything but 100-continue in it is 417.
        ("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nExpect: x\r\nContent-Length: 1\r\n\r\nx", 417),
        ("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue, \r\nContent-Length: 1\r\n\r\nx", 417),
    ])
    func malformedRequestsGetTheirStatus(text: String, status: Int) {
        #expect(DripFeed.verify(text, randomRounds: 8) == [.error(status)], "\(text.debugDescription)")
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: [::1]:8040\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h:\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:80\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: ex-ample.com\r\n\r\n",
        "GET / HTTP/1.0\r\nHost:\r\n\r\n",
        "GET http://h:80/a HTTP/1.1\r\nHost: h\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;a\r\nabc\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3 ; a = b ;c=\"q\\\"x\"\r\nabc\r\n0;end\r\nX-T: 1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\nx",
        "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue, 100-continue\r\nContent-Length: 1\r\n\r\nx",
    ])
    func wellFormedEdgesAreAccepted(text: String) {
        #expect(self.statuses(DripFeed.verify(text, randomRounds: 8)) == [200], "\(text.debugDescription)")
    }

    @Test func malformedEscapesAreLeftToTheRouter() {
        let outcomes = DripFeed.verify("GET /a%zz/%4?x=%G1&%=1 HTTP/1.1\r\nHost: h\r\n\r\n", randomRounds: 4)
        guard case .request(let summary)? = outcomes.first else {
            Issue.record("not parsed: \(outcomes)")
            return
        }
        #expect(summary.path == "/a%zz/%4")
        #expect(summary.query == [QueryItem(name: "x", value: "%G1"), QueryItem(name: "%", value: "1")])
    }

    @Test func errorsResetTheParserForTheNextUse() {
        var parser = RequestParser()
        let bad = Array("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".utf8)
        guard case .malformed = bad.withUnsafeBytes({ parser.parse($0) }) else {
            Issue.record("accepted a duplicate Host")
            return
        }
        #expect(!parser.isMidRequest)
        let good = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        guard case .complete(_, let consumed) = good.withUnsafeBytes({ parser.parse($0) }) else {
            Issue.record("a fresh request after an error was not parsed")
            return
        }
        #expect(consumed == good.count)
    }
}
