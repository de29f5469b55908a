// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Foundation
import Logging
import PhotaAPIKit
import PhotaHTTP
import PhotaHTTP2
import Synchronization

/// An `HTTPServer` with HTTP/2 and routes made for the protocol tests: a large body, an echo, a
/// deferred reply, one completed twice, a reply held until the test releases it, and the decoded
/// path and query.
final class FixtureServer: Sendable {
    let server: HTTPServer
    let port: UInt16
    private let held = Held()

    /// Sinks of `/hold` requests, waiting for the test to release them.
    final class Held: Sendable {
        let sinks = Mutex<[ReplyPromise]>([])
    }

    /// 1 MiB, well beyond the 65,535-byte initial flow-control window.
    static let bigBody: [UInt8] = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 % 251) }

    init(_ configure: (inout ServerLimits) -> Void = { _ in }) throws {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.eventLoops = 1
        configure(&configuration.limits)
        let held = self.held
        var router = Router(
            notFound: { _, context in
                DefaultErrorBody.response(status: .notFound, detail: "Not Found", requestID: context.requestID)
            },
            methodNotAllowed: { _, _, context in
                DefaultErrorBody.response(
                    status: .methodNotAllowed, detail: "Method Not Allowed", requestID: context.requestID)
            },
            badRequest: { _, detail, context in
                DefaultErrorBody.response(status: .badRequest, detail: detail, requestID: context.requestID)
            }
        )
        router.add("GET", "/_mock/health") { _, _, _ in .response(.json(.ok, #"{"status":"ok"}"#)) }
        router.add("GET", "/big") { _, _, _ in
            .response(
                HTTPResponse(
                    status: .ok, headers: HTTPHeaders([("content-type", "application/octet-stream")]),
                    body: Self.bigBody))
        }
        router.add("POST", "/echo") { request, _, _ in
            .response(
                HTTPResponse(
                    status: .ok, headers: HTTPHeaders([("content-type", "application/octet-stream")]),
                    body: request.body))
        }
        router.add("GET", "/deferred/{n}") { _, parameters, context in
            let sink = context.deferResponse()
            let n = parameters["n"] ?? ""
            DispatchQueue.global().async { sink.succeed(.json(.ok, "{\"n\":\"\(n)\"}")) }
            return .deferred
        }
        router.add("GET", "/twice") { _, _, context in
            let promise = context.deferResponse()
            Thread {
                promise.succeed(.json(.ok, #"{"reply":1}"#))
                promise.succeed(.json(.ok, #"{"reply":2}"#))
            }.start()
            return .deferred
        }
        router.add("GET", "/hold") { _, _, context in
            let sink = context.deferResponse()
            held.sinks.withLock { $0.append(sink) }
            return .deferred
        }
        router.add("GET", "/echo-target/{rest}") { request, _, _ in
            let query = request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            return .response(
                HTTPResponse(
                    status: .ok, headers: HTTPHeaders([("content-type", "text/plain"), ("x-handler", "yes")]),
                    body: Array("\(request.path)|\(query)|\(request.headers["host"] ?? "-")".utf8)))
        }
        self.server = HTTPServer(
            configuration: configuration, responder: router, errorResponse: DefaultErrorBody.response,
            switcher: HTTP2Switcher(),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        self.port = try self.server.start()
    }

    var url: String { "http://127.0.0.1:\(self.port)" }

    /// How many `/hold` requests are waiting.
    var heldCount: Int { self.held.sinks.withLock { $0.count } }

    /// Answers every waiting `/hold` request with `{"held":true}`.
    func releaseHeld() {
        let sinks = self.held.sinks.withLock { sinks in
            defer { sinks.removeAll() }
            return sinks
        }
        for sink in sinks { sink.succeed(.json(.ok, #"{"held":true}"#)) }
    }

    func stop() {
        self.server.shutdown()
        self.server.wait()
    }
}
