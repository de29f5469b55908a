// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaAPIKit
import PhotaHTTP
import PhotaTestSupport
import Testing

/// The HTTP/1.1 engine on real sockets: persistence, pipelining, bodies, 100-continue, HEAD,
/// limits, timeouts and graceful shutdown.
@Suite struct HTTP1LiveTests {
    private static let health = #"{"status":"ok"}"#

    private func expectErrorBody(
        _ response: RawResponse, _ status: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == status, sourceLocation: sourceLocation)
        let id = response.header("X-Request-Id") ?? "missing"
        let code = DefaultErrorBody.code(for: HTTPStatus(status))
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String]
        #expect(object?["code"] == code, "\(response.bodyText)", sourceLocation: sourceLocation)
        #expect(object?["request_id"] == id, sourceLocation: sourceLocation)
        #expect(object?.keys.sorted() == ["code", "detail", "request_id"], sourceLocation: sourceLocation)
    }

    // MARK: Persistence

    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        var ids: Set<String> = []
        for _ in 0..<5 {
            client.send("GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.bodyText == Self.health)
            #expect(response.header("Content-Length") == "15")
            #expect(response.header("Connection") == nil)
            #expect(response.header("Date")?.hasSuffix(" GMT") == true)
            ids.insert(try #require(response.header("X-Request-Id")))
        }
        #expect(ids.count == 5)
    }

    @Test func http10ClosesUnlessAskedToKeepAlive() throws {
        let server = try TestServer()
        defer { server.stop() }
        let plain = try server.client()
        plain.send("GET /_mock/health HTTP/1.0\r\n\r\n")
        let first = try #require(plain.readResponse())
        #expect(first.status == 200)
        #expect(first.header("Connection") == "close")
        #expect(plain.isClosedByPeer())

        let kept = try server.client()
        for _ in 0..<2 {
            kept.send("GET /_mock/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try #require(kept.readResponse())
            #expect(response.status == 200)
            #expect(response.header("Connection") == "keep-alive")
            #expect(response.bodyText == Self.health)
        }
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        client.send("GET /_mock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        client.send(
            "GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /_mock/health HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
                + "GET /_mock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                + "GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        let statuses = (0..<4).compactMap { _ in client.readResponse()?.status }
        #expect(statuses == [200, 404, 405, 200])
        #expect(client.isClosedByPeer())  // nothing after the request that asked to close
    }

    // MARK: Bodies

    @Test func chunkedRequestBodiesAreDecoded() throws {
        let server = try TestHTTPServer(responder: TestRoutes.router())
        defer { server.stop() }
        let client = try server.client()
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n")
        client.send("1\r\n \r\n5\r\nworld\r\n0\r\nTrailer: t\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/octet-stream")
        #expect(response.bodyText == "hello world")
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
        #expect(client.readResponse()?.bodyText == "abc")
    }

    @Test func expectContinueGets100BeforeTheBody() throws {
        let server = try TestHTTPServer(responder: TestRoutes.router())
        defer { server.stop() }
        let client = try server.client()
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        let interim = try #require(client.readResponse())
        #expect(interim.status == 100)
        #expect(interim.reason == "Continue")
        #expect(interim.headers.isEmpty)
        client.send("data")
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.bodyText == "data")
    }

    @Test func expectContinueOverTheLimitGets413Instead() throws {
        let server = try TestHTTPServer(responder: TestRoutes.router()) { $0.limits.maxBodyBytes = 100 }
        defer { server.stop() }
        let client = try server.client()
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 101\r\n\r\n")
        let response = try #require(client.readResponse())
        self.expectErrorBody(response, 413)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
    }

    @Test func headAnswersLikeGetWithoutTheBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        client.send("HEAD /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try #require(client.readResponse(headRequest: true))
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "15")
        #expect(head.header("Content-Type") == "application/json")
        #expect(head.body.isEmpty)
        // Had any body bytes followed the head, they would be read as the next response's start.
        client.send("GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n")
        let get = try #require(client.readResponse())
        #expect(get.status == 200)
        #expect(get.bodyText == Self.health)
    }

    // MARK: Routing errors

    @Test func wrongMethodIs405WithAllow() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        client.send("DELETE /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try #require(client.readResponse())
        self.expectErrorBody(response, 405)
        #expect(response.header("Allow") == "GET, HEAD")
        #expect(response.bodyText.contains(#""detail":"Method Not Allowed""#))
    }

    @Test func unknownPathIs404AndTheRequestIdMatches() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        client.send("GET /v1/nothing/here HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try #require(client.readResponse())
        let id = try #require(response.header("X-Request-Id"))
        #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
        #expect(response.bodyText == #"{"detail":"Not Found","code":"NOT_FOUND","request_id":"\#(id)"}"#)
        // The connection stays usable after an application-level 404.
        client.send("GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
    }

    // MARK: Limits

    @Test(arguments: [
        ("GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "b", count: 300) + "\r\n\r\n", 431),
        ("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 431),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n01234567890", 413),
        (
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n6\r\n678901\r\n0\r\n\r\n",
            413
        ),
    ])
    func eachLimitHasItsStatusThenCloses(request: String, status: Int) throws {
        let server = try TestHTTPServer(responder: TestRoutes.router()) { configuration in
            configuration.limits.maxRequestLineBytes = 64
            configuration.limits.maxHeaderBytes = 256
            configuration.limits.maxHeaderCount = 4
            configuration.limits.maxBodyBytes = 10
        }
        defer { server.stop() }
        let client = try server.client()
        client.send(request)
        let response = try #require(client.readResponse())
        self.expectErrorBody(response, status)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
    }

    @Test func aRejectedUploadStillGetsItsErrorWhileTheBodyKeepsComing() throws {
        let server = try TestHTTPServer(responder: TestRoutes.router()) { $0.limits.maxBodyBytes = 1000 }
        defer { server.stop() }
        let client = try server.client()
        // The server refuses at the head, then keeps reading (and dropping) the 4 MiB the client
        // sends anyway; closing at once would make the kernel answer them with a reset that
        // destroys the 413 before the client reads it.
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4194304\r\n\r\n")
        let body = [UInt8](repeating: UInt8(ascii: "u"), count: 4 * 1024 * 1024)
        var sent = 0
        while sent < body.count {
            let written = body[sent...].withUnsafeBytes {
                Glibc.send(client.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { break }
            sent += written
        }
        #expect(sent == body.count, "the server stopped reading the refused body (errno \(errno))")
        let response = try #require(client.readResponse())
        self.expectErrorBody(response, 413)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
    }

    // MARK: Timeouts

    @Test func slowHeadersGet408ThenClose() throws {
        let server = try TestHTTPServer(responder: TestRoutes.router()) { $0.limits.headerTimeout = .milliseconds(300) }
        defer { server.stop() }
        let client = try server.client()
        client.send("GET /hello HTTP/1.1\r\n")
        // Trickle one header byte every 50 ms: each byte is progress, but the head as a whole is late.
        var answered = false
        for _ in 0..<200 {
            var poll = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
            if Glibc.poll(&poll, 1, 50) > 0 {
                answered = true
                break
            }
            client.send("X")
        }
        #expect(answered, "no answer to a head trickled for 10 s")
        let response = try #require(client.readResponse())
        self.expectErrorBody(response, 408)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
    }

    @Test func slowBodyGets408ThenCloseHoweverSteadyItsBytes() throws {
        let server = try TestHTTPServer(responder: TestRoutes.router()) {
            $0.limits.bodyTimeout = .milliseconds(300)
            $0.limits.idleTimeout = .seconds(30)
        }
        defer { server.stop() }
        let client = try server.client()
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
        // One body byte every 50 ms: no gap is long, but the body as a whole is late.
        var answered = false
        for _ in 0..<200 {
            var poll = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
            if Glibc.poll(&poll, 1, 50) > 0 {
                answered = true
                break
            }
            client.send("a")
        }
        #expect(answered, "no answer to a body trickled for 10 s")
        let response = try #require(client.readResponse())
        self.expectErrorBody(response, 408)
        #expect(response.bodyText.contains(#""code":"REQUEST_TIMEOUT""#))
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
    }

    @Test func aResponseTheClientDoesNotReadIsClosedEvenWhileItSends() throws {
        let server = try TestHTTPServer(responder: TestRoutes.router()) {
            $0.limits.bodyTimeout = .milliseconds(300)
            $0.limits.idleTimeout = .seconds(30)
            $0.limits.headerTimeout = .seconds(30)
        }
        defer { server.stop() }
        let client = try server.client()
        client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        // Never read; keep sending (empty lines, which a server may skip) so the connection is not
        // idle. Once the server has closed, the next bytes meet a reset and sending fails.
        var closed = false
        for _ in 0..<200 {
            _ = Glibc.poll(nil, 0, 50)
            if !client.send("\r\n") {
                closed = true
                break
            }
        }
        #expect(closed, "a response nobody read held the connection for 10 s")
    }

    @Test func idleKeepAliveConnectionsAreClosed() throws {
        let server = try TestHTTPServer(responder: TestRoutes.router()) { $0.limits.idleTimeout = .milliseconds(300) }
        defer { server.stop() }
        let client = try server.client()
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        // Nothing more is sent: the server closes without a response (the read timeout is 10 s).
        #expect(client.isClosedByPeer())
        #expect(client.readToEnd().isEmpty)
    }

    // MARK: Shutdown

    @Test func gracefulShutdownFinishesTheRequestInFlight() throws {
        let gate = ReplyGate()
        let server = try TestHTTPServer(responder: TestRoutes.router(gate: gate))
        let idle = try server.client()
        idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(idle.readResponse()?.status == 200)
        var busy: RawClient? = try server.client()
        busy?.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        let sink = try #require(gate.next(), "the deferred route was not reached")

        server.server.shutdown()
        #expect(throws: (any Error).self, "a new connection was accepted during shutdown") {
            _ = try RawClient(port: server.port, timeoutSeconds: 2)
        }
        #expect(idle.isClosedByPeer(), "the idle keep-alive connection was not closed")

        let stopped = DispatchSemaphore(value: 0)
        let waiter = Thread {
            server.server.wait()
            stopped.signal()
        }
        waiter.start()
        #expect(stopped.wait(timeout: .now() + 0.2) == .timedOut, "wait() returned with a reply still owed")

        DispatchQueue.global().async { sink.succeed(.json(.ok, #"{"slow":true}"#)) }
        let response = try #require(busy?.readResponse())
        #expect(response.status == 200)
        #expect(response.bodyText == #"{"slow":true}"#)
        #expect(response.header("Connection") == "close")
        #expect(busy?.isClosedByPeer() == true)
        busy = nil
        #expect(stopped.wait(timeout: .now() + 10) == .success, "wait() did not return after the last reply")
    }
}
