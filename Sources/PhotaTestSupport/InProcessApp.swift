// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaApp
import PhotaHTTP
import PhotaNet
import Synchronization

/// The whole application driven in process, without a socket: requests go straight to the
/// responder the server would call, on the calling thread.
///
/// It builds the same `Application` as `TestServer` (same test default config, same `configure`
/// closure) but never starts the server. A request is built as the wire parser builds it: the
/// target split and percent-decoded by the HTTP layer's own `RequestTarget`, `host: 127.0.0.1` first,
/// then the given fields (names lowercased), then `content-length` when there is a body. The journal
/// and metrics see every exchange, as they do behind a socket.
///
/// The response (`RawResponse`) is what a client would read, less what belongs to the connection:
/// - `status` and `reason`;
/// - `headers`, names lowercase: the handler's own fields except `content-length`, `date` and
///   `connection`, then `content-type` (JSON unless set; none for an empty body), `content-length`
///   (not for 1xx and 204) and `x-request-id`, exactly as the encoder writes them. No `Date` and no
///   `Connection` field;
/// - `body`, empty for HEAD (whose `content-length` still says what GET would send).
///
/// A response broken on purpose (fault injection's close, reset or truncation) comes back nil, as
/// a socket test reads none. What only the connection does is not here: the parser's limits and
/// rejections (400, 413, 414, 431, …), keep-alive and `Connection: close`, HTTP/2, and the `504`
/// for a deferred reply past `ServerLimits.deferredReplyTimeout`: a reply that has not come within
/// `replyTimeoutSeconds` throws `InProcessError.noReply` instead.
///
/// ```swift
/// let app = try InProcessApp { $0.frozenClock = true }
/// defer { app.stop() }
/// let ids = try app.request("GET", "/v1/phota/profiles/ids?tag=a%20b", headers: [("X-API-Key", "k")])
/// #expect(ids?.bodyText == #"{"profiles":[]}"#)
/// ```
public final class InProcessApp: Sendable {
    public let app: Application
    /// How long a deferred reply is waited for before the request fails.
    public let replyTimeoutSeconds: Int
    private let requestIDs = Mutex(RequestIDGenerator())

    /// Builds an application with `configure` applied to the test default config.
    /// - Throws: when the application cannot be built (the database cannot be opened, …).
    public init(
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        replyTimeoutSeconds: Int = 10,
        _ configure: (inout AppConfig) -> Void = { _ in }
    ) throws {
        self.app = try Application(config: TestServer.configuration(configure), logger: logger)
        self.replyTimeoutSeconds = replyTimeoutSeconds
    }

    /// Closes storage (pending writes are committed first).
    public func stop() {
        self.app.shutdown()
        self.app.wait()
    }

    /// Runs `request` through the application's responder and returns the handler's response with
    /// the request id it was given, waiting for a deferred reply; the journal and metrics see it.
    /// - Throws: `InProcessError.noReply` when a deferred reply has not come in time.
    public func respond(to request: HTTPRequest) throws(InProcessError) -> (response: HTTPResponse, requestID: String) {
        let requestID = self.requestIDs.withLock { $0.next() }
        let startedAt = MonotonicTime.now()
        let waiter = InProcessReplyWaiter()
        let context = RequestContext(requestID: requestID, startedAt: startedAt, promiseFactory: waiter, token: 0)
        let response: HTTPResponse
        switch self.app.responder.respond(to: request, context: context) {
        case .response(let immediate):
            // As on the wire: a responder that answers at once wins over any promise it took.
            response = immediate
        case .deferred:
            guard let deferred = waiter.wait(seconds: self.replyTimeoutSeconds) else {
                throw .noReply(method: request.method, target: request.target, seconds: self.replyTimeoutSeconds)
            }
            response = deferred
        }
        self.app.exchangeObserver.observe(
            request: request, response: response, requestID: requestID, durationNanos: MonotonicTime.now() &- startedAt
        )
        return (response, requestID)
    }
}

extension InProcessApp: TestClient {
    /// Builds the request as the parser would from these bytes, runs it, and returns the response
    /// as a client would read it (see the type's summary); nil when it was broken on purpose.
    /// - Throws: `InProcessError.malformedTarget` for a target the server answers `400`;
    ///   `InProcessError.noReply` when a deferred reply has not come in time.
    public func request(
        _ method: String, _ target: String, headers: [(String, String)], body: String?
    ) throws -> RawResponse? {
        let request = try Self.makeRequest(method, target, headers: headers, body: body.map { Array($0.utf8) })
        let (response, requestID) = try self.respond(to: request)
        return Self.wireView(of: response, requestID: requestID, method: method)
    }

    /// An HTTP/1.1 request as the parser makes it from a request line with `target`, `Host: 127.0.0.1`,
    /// `headers` and, for a body, its `Content-Length`.
    /// - Throws: `InProcessError.malformedTarget` for a target the server answers `400`.
    public static func makeRequest(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8]? = nil
    ) throws(InProcessError) -> HTTPRequest {
        let parsed = Array(target.utf8).withUnsafeBytes { bytes in
            Result { () throws(HTTPParseError) -> RequestTarget.Parts in try RequestTarget.parse(bytes, method: method)
            }
        }
        let parts: RequestTarget.Parts
        switch parsed {
        case .success(let value): parts = value
        case .failure(let error): throw .malformedTarget(target, error)
        }
        var fields = HTTPHeaders([("host", "127.0.0.1")] + headers)
        if let body { fields.add(name: "content-length", value: String(body.count)) }
        return HTTPRequest(
            method: method, target: target, path: parts.path, rawPath: parts.rawPath, query: parts.query,
            rawQuery: parts.rawQuery,
            version: .http1_1, headers: fields, body: body ?? []
        )
    }

    /// The response as the HTTP/1.1 encoder writes it, without the connection's `Date` and `Connection`.
    static func wireView(of response: HTTPResponse, requestID: String, method: String) -> RawResponse? {
        guard response.delivery == .normal else { return nil }
        var headers: [(String, String)] = []
        ResponseEncoder.forEachField(of: response, requestID: requestID) { headers.append(($0, $1)) }
        return RawResponse(
            status: response.status.code, reason: response.status.reasonPhrase, headers: headers,
            body: method == "HEAD" ? [] : response.body
        )
    }
}

/// Why an in-process request produced no response.
public enum InProcessError: Error, Sendable, CustomStringConvertible {
    /// The target is one the server rejects with `400` before any handler sees it.
    case malformedTarget(String, HTTPParseError)
    /// The responder deferred and no reply came within the wait.
    case noReply(method: String, target: String, seconds: Int)

    public var description: String {
        switch self {
        case .malformedTarget(let target, let error): "\(target): the server rejects this target (\(error))"
        case .noReply(let method, let target, let seconds): "\(method) \(target): no deferred reply within \(seconds) s"
        }
    }
}
