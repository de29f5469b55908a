// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaTestSupport
import Testing

/// The real executable with many idle keep-alive connections and with slow clients: a normal client's requests
/// are answered while 2,000 connections idle, each of them still answers afterwards, and their descriptors are
/// given back when they close; a head or a body that comes too slowly gets `408 REQUEST_TIMEOUT` after
/// `--header-timeout` / `--body-timeout` and a close. `scripts/torture.sh connections` runs 10,000.
@Suite(.serialized) struct IdleConnectionsTests {
    static let idle = 2_000

    /// Raises this process's soft descriptor limit to its hard one; true when that leaves room for the connections.
    static let enoughDescriptors: Bool = {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return false }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 && limit.rlim_cur >= rlim_t(Self.idle + 500)
    }()

    private static let health = "GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    private func status(_ client: RawClient, _ id: String) throws -> RawResponse {
        client.send("GET /v1/phota/profiles/\(id)/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: crowd\r\n\r\n")
        return try #require(client.readResponse())
    }

    @Test(.enabled(if: IdleConnectionsTests.enoughDescriptors, "needs a descriptor limit above 2,500"))
    func aNormalClientIsAnsweredWhileTwoThousandConnectionsIdle_AndEachOfThemStillAnswers() throws {
        let server = try ProcessServer(arguments: [
            "--db", ":memory:", "--max-connections", "\(Self.idle + 100)", "--log-level", "error",
        ])
        let normal = try RawClient(port: server.port)
        let body = Profiles.addBody(urls: Profiles.urls(5), tier: "fast")
        normal.send(
            "POST /v1/phota/profiles/add HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: crowd\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        let added = try #require(normal.readResponse())
        #expect(added.status == 200)
        let id = try #require(
            (try JSONSerialization.jsonObject(with: Data(added.body)) as? [String: String])?["profile_id"])
        let before = server.openDescriptors()

        var idle: [RawClient] = []
        for index in 0..<Self.idle {
            let client = try RawClient(port: server.port, timeoutSeconds: 30)
            client.send(Self.health)
            #expect(client.readResponse()?.bodyText == #"{"status":"ok"}"#, "idle connection \(index)")
            idle.append(client)
            if index.isMultiple(of: 200) { #expect(try self.status(normal, id).status == 200) }
        }
        #expect(server.openDescriptors() >= before + Self.idle)
        for _ in 0..<50 { #expect(try self.status(normal, id).status == 200) }

        // Every idle connection is still open and answers again (all sent first, then read).
        for client in idle { client.send(Self.health) }
        let answered = idle.filter { $0.readResponse()?.status == 200 }.count
        #expect(answered == Self.idle)

        idle.removeAll()
        let deadline = Date().addingTimeInterval(30)
        while server.openDescriptors() > before + 2 && Date() < deadline { usleep(10_000) }
        #expect(server.openDescriptors() <= before + 2)
        #expect(try self.status(normal, id).status == 200)
        #expect(server.stop(signal: SIGTERM) == 0)
    }

    /// Sends `head`, then one byte of `drip` every 100 ms until an answer comes; the answer, the seconds it took
    /// after the first byte, and whether the server closed the connection after it.
    private func trickle(_ port: UInt16, head: String, drip: UInt8) throws -> (RawResponse?, Double, Bool) {
        let client = try RawClient(port: port, timeoutSeconds: 10)
        let started = Date()
        client.send(head)
        var readable = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
        while Date().timeIntervalSince(started) < 10 && poll(&readable, 1, 100) == 0 {
            guard client.send([drip]) else { break }
        }
        let response = client.readResponse()
        let elapsed = Date().timeIntervalSince(started)
        _ = client.readToEnd()
        return (response, elapsed, client.isClosedByPeer())
    }

    @Test func slowHeadersAndSlowBodiesGet408AfterTheirTimeoutsAndAClose() throws {
        let server = try ProcessServer(arguments: [
            "--db", ":memory:", "--header-timeout", "1", "--body-timeout", "1", "--log-level", "error",
        ])
        defer { server.stop(signal: SIGTERM) }
        let slowHead = "GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
        let slowBody =
            "POST /v1/phota/profiles/add HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: slow\r\n"
            + "Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n"
        for (head, drip) in [(slowHead, UInt8(ascii: "a")), (slowBody, UInt8(ascii: " "))] {
            let (response, elapsed, closed) = try self.trickle(server.port, head: head, drip: drip)
            let answer = try #require(response, "no answer to \(head.prefix(30))")
            #expect(answer.status == 408)
            #expect(answer.bodyText.contains(#""code":"REQUEST_TIMEOUT""#), "\(answer.bodyText)")
            #expect(elapsed >= 0.9 && elapsed < 5, "408 after \(elapsed) s")
            #expect(closed)
        }
    }
}
