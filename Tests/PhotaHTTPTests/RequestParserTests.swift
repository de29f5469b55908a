// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import Testing

@Suite struct RequestParserTests {
    private func parse(_ text: String) -> ParseResult {
        var parser = RequestParser()
        return Array(text.utf8).withUnsafeBytes { parser.parse($0) }
    }

    @Test func parsesSimpleGet() throws {
        guard
            case .complete(let request, let consumed) = self.parse(
                "GET /a%20b?tag=x%2By&n=1+2 HTTP/1.1\r\nHost: h\r\n\r\n")
        else {
            Issue.record("not complete")
            return
        }
        #expect(consumed == 48)
        #expect(request.method == "GET")
        #expect(request.path == "/a b")
        #expect(request.queryValue("tag") == "x+y")
        #expect(request.queryValue("n") == "1 2")
        #expect(request.headers["Host"] == "h")
    }

    @Test func rejectsContentLengthWithTransferEncoding() {
        let result = self.parse(
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        guard case .malformed(let error) = result else {
            Issue.record("accepted a smuggling request")
            return
        }
        #expect(error.status.code == 400)
    }
}
