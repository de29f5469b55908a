// SPDX-License-Identifier: Apache-2.0
import Dispatch
import PhotaHTTP
import PhotaOutbound
import PhotaTestSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A local HTTP server on `127.0.0.1:0` for the client tests: `/bytes/{n}` (n body bytes),
/// `/status/{code}/{n}`, `/redirect/{n}` (n redirects, then `/bytes/16`), `/to-ftp` (a redirect to
/// another scheme), `/echo` (any method; remembers the request), and `/held/{name}`, answered only when
/// the test says.
final class OutboundTestHost: Sendable {
    /// What the routes record, shared with the test.
    private final class Recorded: Sendable {
        let held = Mutex<(sinks: [ReplyPromise], most: Int)>(([], 0))
        let echoed = Mutex<HTTPRequest?>(nil)
    }

    private let server: TestHTTPServer
    private let recorded = Recorded()

    init() throws {
        self.server = try TestHTTPServer(responder: Self.router(self.recorded))
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> String {
        "http://127.0.0.1:\(self.server.port)\(path)"
    }

    /// The last request `/echo` received.
    var lastEcho: HTTPRequest? { self.recorded.echoed.withLock { $0 } }

    /// The most `/held/…` requests ever waiting at once.
    var mostHeld: Int { self.recorded.held.withLock { $0.most } }

    /// How many `/held/…` requests are waiting now.
    var heldCount: Int { self.recorded.held.withLock { $0.sinks.count } }

    /// Waits up to 10 s until exactly `count` `/held/…` requests are waiting.
    func waitForHeld(_ count: Int) -> Bool {
        let deadline = DispatchTime.now() + 10
        while DispatchTime.now() < deadline {
            if self.heldCount == count { return true }
            usleep(2_000)
        }
        return false
    }

    /// Answers the oldest waiting `/held/…` request with 16 bytes; false when none waits.
    @discardableResult
    func answerOldest() -> Bool {
        guard let sink = self.recorded.held.withLock({ $0.sinks.isEmpty ? nil : $0.sinks.removeFirst() }) else {
            return false
        }
        sink.succeed(Self.bytes(16))
        return true
    }

    func stop() {
        while self.answerOldest() {}
        self.server.stop()
    }

    static func bytes(_ count: Int, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: HTTPStatus(status), body: (0..<count).map { UInt8(truncatingIfNeeded: $0) })
    }

    private static func redirect(to location: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "location", value: location)
        // A body on the redirect itself, which the client must not count as the answer's.
        return HTTPResponse(status: HTTPStatus(302), headers: headers, body: Array("moved".utf8))
    }

    private static func router(_ recorded: Recorded) -> Router {
        var router = Router(
            notFound: { _, _ in HTTPResponse(status: .notFound) },
            methodNotAllowed: { _, _, _ in HTTPResponse(status: .notFound) }
        )
        router.add("GET", "/bytes/{n}") { _, parameters, _ in .response(Self.bytes(Int(parameters["n"] ?? "") ?? 0)) }
        router.add("GET", "/status/{code}/{n}") { _, parameters, _ in
            .response(Self.bytes(Int(parameters["n"] ?? "") ?? 0, status: Int(parameters["code"] ?? "") ?? 500))
        }
        router.add("GET", "/redirect/{n}") { _, parameters, _ in
            let left = Int(parameters["n"] ?? "") ?? 0
            return .response(Self.redirect(to: left > 1 ? "/redirect/\(left - 1)" : "/bytes/16"))
        }
        router.add("GET", "/to-ftp") { _, _, _ in .response(Self.redirect(to: "ftp://127.0.0.1/file")) }
        for method in ["GET", "POST", "PUT", "DELETE"] {
            router.add(method, "/echo") { request, _, _ in
                recorded.echoed.withLock { $0 = request }
                return .response(
                    HTTPResponse(status: HTTPStatus(201), body: Array("echoed \(request.body.count)".utf8)))
            }
        }
        router.add("GET", "/held/{name}") { _, _, context in
            let sink = context.deferResponse()
            recorded.held.withLock { held in
                held.sinks.append(sink)
                held.most = max(held.most, held.sinks.count)
            }
            return .deferred
        }
        return router
    }
}

/// Sends one request and waits (bounded) for its outcome; nil when none came within 30 s.
func outcome(of request: OutboundRequest, on client: OutboundClient) -> Result<OutboundResponse, OutboundError>? {
    let answer = Mutex<Result<OutboundResponse, OutboundError>?>(nil)
    let done = DispatchSemaphore(value: 0)
    client.send(request) { result in
        answer.withLock { $0 = result }
        done.signal()
    }
    guard done.wait(timeout: .now() + 30) == .success else { return nil }
    return answer.withLock { $0 }
}

/// The error of a failed outcome, nil for a response or no outcome.
func failure(_ outcome: Result<OutboundResponse, OutboundError>?) -> OutboundError? {
    guard case .failure(let error)? = outcome else { return nil }
    return error
}

/// The response of a successful outcome.
func response(_ outcome: Result<OutboundResponse, OutboundError>?) -> OutboundResponse? {
    guard case .success(let response)? = outcome else { return nil }
    return response
}
