// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import PhotaTestSupport
import Testing

/// `InProcessApp` answers as the live server does, less the connection's own fields.
@Suite struct InProcessDriverTests {
    /// The live response as the in-process one renders it: names lowercase, no `Date`, no `Connection`.
    private static func withoutConnectionFields(_ response: RawResponse) -> RawResponse {
        var view = response
        view.headers = response.headers.map { ($0.0.lowercased(), $0.1) }.filter {
            $0.0 != "date" && $0.0 != "connection"
        }
        return view
    }

    /// The request id is the only field that differs between two answers to the same request.
    private static func withRequestID(_ response: RawResponse, _ id: String) -> RawResponse {
        var view = response
        view.headers = response.headers.map { $0.0 == "x-request-id" ? ($0.0, id) : $0 }
        return view
    }

    @Test(
        arguments: [
            ("GET", "/v1/phota/profiles/ids?tag=a%20b", [("X-API-Key", "k")]),
            ("HEAD", "/v1/phota/openapi.json", []),
            ("GET", "/v1/phota/nowhere", []),
            ("GET", "/_mock/clock/advance", []),
        ] as [(String, String, [(String, String)])])
    func answersAsTheLiveServerDoes(method: String, target: String, headers: [(String, String)]) throws {
        let server = try TestServer { $0.frozenClock = true }
        defer { server.stop() }
        let app = try InProcessApp { $0.frozenClock = true }
        defer { app.stop() }
        let live = Self.withoutConnectionFields(try #require(try server.request(method, target, headers: headers)))
        let inProcess = try #require(try app.request(method, target, headers: headers))
        #expect(inProcess.header("x-request-id")?.count == 32)
        let id = try #require(inProcess.header("x-request-id"))
        let liveID = try #require(live.header("x-request-id"))
        let liveBody = live.bodyText.replacingOccurrences(of: liveID, with: id)
        #expect(inProcess.status == live.status)
        #expect(inProcess.reason == live.reason)
        #expect(inProcess.headers.map(\.0) == live.headers.map(\.0))
        #expect(
            Self.withRequestID(inProcess, id).headers.elementsEqual(Self.withRequestID(live, id).headers) { $0 == $1 })
        #expect(inProcess.bodyText == liveBody)
    }

    @Test func targetIsSplitAndDecodedAsOnTheWire() throws {
        let request = try InProcessApp.makeRequest(
            "GET", "/v1/phota/a%2Fb/c?tag=x%20y&tag=z+w&flag", headers: [("X-API-Key", "k")])
        #expect(request.path == "/v1/phota/a/b/c")
        #expect(request.rawPath == "/v1/phota/a%2Fb/c")
        #expect(request.rawQuery == "tag=x%20y&tag=z+w&flag")
        #expect(
            request.query == [
                QueryItem(name: "tag", value: "x y"), QueryItem(name: "tag", value: "z w"),
                QueryItem(name: "flag", value: ""),
            ])
        #expect(request.headers == HTTPHeaders([("host", "127.0.0.1"), ("x-api-key", "k")]))
        let posted = try InProcessApp.makeRequest("POST", "/v1/phota/profiles/add", body: Array("{}".utf8))
        #expect(posted.headers["content-length"] == "2")
        #expect(posted.body == Array("{}".utf8))
    }

    @Test func targetTheServerRejectsThrows() throws {
        #expect(throws: InProcessError.self) { try InProcessApp.makeRequest("GET", "/v1/phota/profiles/ids#top") }
        #expect(throws: InProcessError.self) { try InProcessApp.makeRequest("GET", "*") }
    }
}
