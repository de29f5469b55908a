// SPDX-License-Identifier: Apache-2.0
import PhotaTestSupport
import Testing

@Suite struct ServerSmokeTests {
    @Test func unknownRouteAnswers404WithPhotaBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        client.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try #require(client.readResponse())
        let id = try #require(response.header("X-Request-Id"))
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.bodyText == #"{"detail":"Not Found","code":"NOT_FOUND","request_id":"\#(id)"}"#)
    }
}
