// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaHTTP
import PhotaTestSupport
import Testing

/// A deferred reply on HTTP/1.1 is bounded by `deferredReplyTimeout` and answered exactly once:
/// a reply that never comes is a 504 on a connection that stays usable, and late or repeated
/// replies never reach the wire.
@Suite struct DeferredReplyDeadlineTests {
    private static let hello = #"{"hello":"world"}"#

    /// A server whose deferred replies wait `deadline` (short: the tests that meet it wait for it).
    private func server(gate: ReplyGate = ReplyGate(), deadline: Duration = .milliseconds(200)) throws -> TestHTTPServer
    {
        try TestHTTPServer(responder: TestRoutes.router(gate: gate)) { $0.limits.deferredReplyTimeout = deadline }
    }

    private func expectGatewayTimeout(_ response: RawResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == 504, sourceLocation: sourceLocation)
        let id = response.header("X-Request-Id") ?? "missing"
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String]
        #expect(object?["code"] == "GATEWAY_TIMEOUT", "\(response.bodyText)", sourceLocation: sourceLocation)
        #expect(object?["request_id"] == id, sourceLocation: sourceLocation)
        #expect(object?.keys.sorted() == ["code", "detail", "request_id"], sourceLocation: sourceLocation)
        #expect(response.header("Connection") == nil, "a 504 ends only the exchange", sourceLocation: sourceLocation)
    }

    /// Asks for `/hello` as the connection's last request: its answer must be the next response,
    /// and nothing may follow it.
    private func expectOnlyHelloFollows(_ client: RawClient, sourceLocation: SourceLocation = #_sourceLocation) {
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let response = client.readResponse()
        #expect(response?.status == 200, sourceLocation: sourceLocation)
        #expect(response?.bodyText == Self.hello, sourceLocation: sourceLocation)
        let rest = client.readToEnd()
        #expect(
            rest.isEmpty, "unexpected bytes: \(String(decoding: rest, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    @Test func replyThatNeverComesIs504_AndTheConnectionIsKeptAlive() throws {
        let server = try self.server()
        defer { server.stop() }
        let client = try server.client()
        client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        self.expectGatewayTimeout(try #require(client.readResponse()))
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.readResponse()?.bodyText == Self.hello)
        self.expectOnlyHelloFollows(client)
    }

    @Test func pipelinedRequestsAfterAnUnansweredOneAreServedInOrder() throws {
        let server = try self.server()
        defer { server.stop() }
        let client = try server.client()
        client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        self.expectGatewayTimeout(try #require(client.readResponse()))
        #expect(client.readResponse()?.bodyText == Self.hello)
    }

    @Test func replyAfterTheDeadlineIsDropped() throws {
        let gate = ReplyGate()
        let server = try self.server(gate: gate)
        defer { server.stop() }
        let client = try server.client()
        client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        let promise = try #require(gate.next(), "the deferred route was not reached")
        self.expectGatewayTimeout(try #require(client.readResponse()))
        // The promise itself was never completed, so this call is its first; the server, which
        // already answered, drops what it delivers.
        #expect(promise.succeed(.json(.ok, #"{"slow":true}"#)))
        #expect(!promise.succeed(.json(.ok, #"{"slow":"again"}"#)))
        self.expectOnlyHelloFollows(client)
    }

    @Test func replyCompletedTwiceIsSentOnce() throws {
        // The default deadline: the replies come from another thread, in no bounded time.
        let server = try self.server(deadline: ServerLimits().deferredReplyTimeout)
        defer { server.stop() }
        let client = try server.client()
        client.send("GET /twice HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        // Whichever promise's first completion reached the loop first; never a second reply.
        #expect(response.bodyText == #"{"reply":1}"# || response.bodyText == #"{"reply":3}"#, "\(response.bodyText)")
        self.expectOnlyHelloFollows(client)
    }

    @Test func promiseOfARequestAnsweredAtOnceDeliversNothing() throws {
        let server = try self.server()
        defer { server.stop() }
        let client = try server.client()
        client.send("GET /at-once HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.readResponse()?.bodyText == #"{"at_once":true}"#)
        // The late completion lands while the connection waits for this request, or after it.
        client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        self.expectGatewayTimeout(try #require(client.readResponse()))
        self.expectOnlyHelloFollows(client)
    }
}
