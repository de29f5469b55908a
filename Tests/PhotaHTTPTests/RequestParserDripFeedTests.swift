// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import Testing

/// Every request is fed whole, byte by byte and in seeded random splits; all must agree, and the
/// whole feed must give exactly the expected requests or error.
@Suite struct RequestParserDripFeedTests {
    private func expected(
        _ method: String, _ target: String, path: String, query: [(String, String)] = [],
        version: HTTPVersion = .http1_1,
        headers: [(String, String)], body: String = ""
    ) -> Outcome {
        .request(
            ParsedSummary(
                HTTPRequest(
                    method: method, target: target, path: path, query: query.map { QueryItem(name: $0.0, value: $0.1) },
                    version: version,
                    headers: HTTPHeaders(headers), body: Array(body.utf8)
                )))
    }

    @Test func simpleGet() {
        let outcomes = DripFeed.verify("GET /_mock/health HTTP/1.1\r\nHost: localhost:8040\r\nAccept: */*\r\n\r\n")
        #expect(
            outcomes == [
                self.expected(
                    "GET", "/_mock/health", path: "/_mock/health",
                    headers: [("host", "localhost:8040"), ("accept", "*/*")])
            ])
    }

    @Test func headerNamesAreLowercasedAndValuesTrimmed() {
        let outcomes = DripFeed.verify("GET / HTTP/1.1\r\nHOST:  h \t\r\nX-Custom-Thing:\tv a l\r\nEmpty:\r\n\r\n")
        #expect(
            outcomes == [
                self.expected(
                    "GET", "/", path: "/", headers: [("host", "h"), ("x-custom-thing", "v a l"), ("empty", "")])
            ])
    }

    @Test func postWithContentLength() {
        let outcomes = DripFeed.verify("POST /v1/x HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world")
        #expect(
            outcomes == [
                self.expected(
                    "POST", "/v1/x", path: "/v1/x", headers: [("host", "h"), ("content-length", "11")],
                    body: "hello world")
            ])
    }

    @Test func contentLengthZeroAndRepeatedEqualLengths() {
        let outcomes = DripFeed.verify(
            "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc"
        )
        #expect(
            outcomes == [
                self.expected("POST", "/a", path: "/a", headers: [("host", "h"), ("content-length", "0")]),
                self.expected(
                    "POST", "/b", path: "/b",
                    headers: [("host", "h"), ("content-length", "3, 3"), ("content-length", "3")], body: "abc"),
            ])
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() {
        let outcomes = DripFeed.verify(
            "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n"
                + "1 ; a=\"quoted;x\"\r\n \r\n"
                + "A\r\n0123456789\r\n"
                + "0\r\nX-Trailer: yes\r\nOther: 1\r\n\r\n"
        )
        #expect(
            outcomes == [
                self.expected(
                    "POST", "/up", path: "/up", headers: [("host", "h"), ("transfer-encoding", "chunked")],
                    body: "hello 0123456789")
            ])
    }

    @Test func chunkedUppercaseHexAndCodingCase() {
        let body = String(repeating: "z", count: 0x1F)
        let outcomes = DripFeed.verify(
            "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n1F\r\n\(body)\r\n0\r\n\r\n")
        #expect(
            outcomes == [
                self.expected(
                    "PUT", "/c", path: "/c", headers: [("host", "h"), ("transfer-encoding", "Chunked")], body: body)
            ])
    }

    @Test func pipelinedRequestsInOneBuffer() {
        let outcomes = DripFeed.verify(
            "GET /one HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /two HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok"
                + "POST /three HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "HEAD /four HTTP/1.1\r\nHost: h\r\n\r\n"
        )
        #expect(
            outcomes == [
                self.expected("GET", "/one", path: "/one", headers: [("host", "h")]),
                self.expected(
                    "POST", "/two", path: "/two", headers: [("host", "h"), ("content-length", "2")], body: "ok"),
                self.expected(
                    "POST", "/three", path: "/three", headers: [("host", "h"), ("transfer-encoding", "chunked")],
                    body: "abc"),
                self.expected("HEAD", "/four", path: "/four", headers: [("host", "h")]),
            ])
    }

    @Test func pipelinedRequestThenErrorStopsAtTheError() {
        let outcomes = DripFeed.verify(
            "GET /ok HTTP/1.1\r\nHost: h\r\n\r\nGET /bad HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\nGET /never HTTP/1.1\r\nHost: h\r\n\r\n"
        )
        #expect(outcomes == [self.expected("GET", "/ok", path: "/ok", headers: [("host", "h")]), .error(400)])
    }

    @Test func leadingEmptyLinesAreIgnored() {
        let outcomes = DripFeed.verify(
            "\r\n\r\nGET /a HTTP/1.1\r\nHost: h\r\n\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(
            outcomes == [
                self.expected("GET", "/a", path: "/a", headers: [("host", "h")]),
                self.expected("GET", "/b", path: "/b", headers: [("host", "h")]),
            ])
    }

    @Test func percentDecodedPathAndQuery() {
        let outcomes = DripFeed.verify(
            "GET /v1/a%20b/%C3%A9t%c3%a9?tag=x%2By&n=1+2&flag&empty=&=v&q=%26%3D HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(
            outcomes == [
                self.expected(
                    "GET", "/v1/a%20b/%C3%A9t%c3%a9?tag=x%2By&n=1+2&flag&empty=&=v&q=%26%3D", path: "/v1/a b/été",
                    query: [("tag", "x+y"), ("n", "1 2"), ("flag", ""), ("empty", ""), ("", "v"), ("q", "&=")],
                    headers: [("host", "h")]
                )
            ])
    }

    @Test func plusInPathIsNotASpace() {
        let outcomes = DripFeed.verify("GET /a+b HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(outcomes == [self.expected("GET", "/a+b", path: "/a+b", headers: [("host", "h")])])
    }

    @Test func absoluteFormTargets() {
        let outcomes = DripFeed.verify(
            "GET http://example.com:8040/v1/p%41th?x=1 HTTP/1.1\r\nHost: example.com:8040\r\n\r\n"
                + "GET https://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n"
                + "GET http://example.com?only=query HTTP/1.1\r\nHost: example.com\r\n\r\n"
        )
        #expect(
            outcomes == [
                self.expected(
                    "GET", "http://example.com:8040/v1/p%41th?x=1", path: "/v1/pAth", query: [("x", "1")],
                    headers: [("host", "example.com:8040")]
                ),
                self.expected("GET", "https://example.com", path: "/", headers: [("host", "example.com")]),
                self.expected(
                    "GET", "http://example.com?only=query", path: "/", query: [("only", "query")],
                    headers: [("host", "example.com")]),
            ])
    }

    @Test func asteriskFormOnlyForOptions() {
        #expect(
            DripFeed.verify("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n") == [
                self.expected("OPTIONS", "*", path: "*", headers: [("host", "h")])
            ])
        #expect(DripFeed.verify("GET * HTTP/1.1\r\nHost: h\r\n\r\n") == [.error(400)])
    }

    @Test func headIsParsedLikeGet() {
        #expect(
            DripFeed.verify("HEAD /_mock/health HTTP/1.1\r\nHost: h\r\n\r\n") == [
                self.expected("HEAD", "/_mock/health", path: "/_mock/health", headers: [("host", "h")])
            ])
    }

    @Test func http10WithoutHostAndWithBody() {
        let outcomes = DripFeed.verify(
            "GET /a HTTP/1.0\r\n\r\nPOST /b HTTP/1.0\r\nContent-Length: 4\r\nConnection: keep-alive\r\n\r\nbody"
        )
        #expect(
            outcomes == [
                self.expected("GET", "/a", path: "/a", version: .http1_0, headers: []),
                self.expected(
                    "POST", "/b", path: "/b", version: .http1_0,
                    headers: [("content-length", "4"), ("connection", "keep-alive")], body: "body"),
            ])
    }

    @Test func http10WithTransferEncodingIsRefused() {
        #expect(DripFeed.verify("POST /b HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == [.error(400)])
    }

    @Test func obsTextInValuesIsKept() {
        let bytes: [UInt8] =
            Array("GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf".utf8) + [0xC3, 0xA9] + Array("\r\n\r\n".utf8)
        #expect(
            DripFeed.verify(bytes) == [
                self.expected("GET", "/", path: "/", headers: [("host", "h"), ("x-name", "café")])
            ])
    }
}
