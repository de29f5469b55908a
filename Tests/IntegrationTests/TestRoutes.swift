// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Foundation
import PhotaAPIKit
import PhotaHTTP
import Synchronization

/// Holds the sinks of deferred requests until a test answers them.
final class ReplyGate: Sendable {
    private let sinks = Mutex<[ReplyPromise]>([])
    private let arrived = DispatchSemaphore(value: 0)

    func hold(_ sink: ReplyPromise) {
        self.sinks.withLock { $0.append(sink) }
        self.arrived.signal()
    }

    /// The oldest held sink, waiting up to `seconds` for one to arrive.
    func next(seconds: Double = 10) -> ReplyPromise? {
        guard self.arrived.wait(timeout: .now() + seconds) == .success else { return nil }
        return self.sinks.withLock { $0.removeFirst() }
    }
}

/// Routes for live tests of the engine: a fixed JSON reply, an echo of the body, a reply deferred
/// until the test releases it through the gate, and handlers that misuse their promises.
enum TestRoutes {
    static func router(gate: ReplyGate = ReplyGate()) -> Router {
        var router = Router(
            notFound: { _, context in
                DefaultErrorBody.response(status: .notFound, detail: "Not Found", requestID: context.requestID)
            },
            methodNotAllowed: { _, _, context in
                DefaultErrorBody.response(
                    status: .methodNotAllowed, detail: "Method Not Allowed", requestID: context.requestID)
            }
        )
        router.add("GET", "/hello") { _, _, _ in
            .response(.json(.ok, #"{"hello":"world"}"#))
        }
        router.add("POST", "/echo") { request, _, _ in
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "application/octet-stream")
            return .response(HTTPResponse(status: .ok, headers: headers, body: request.body))
        }
        router.add("GET", "/big") { _, _, _ in
            // Far more than the kernel's socket buffers hold, so a client that does not read blocks it.
            .response(HTTPResponse(status: .ok, body: [UInt8](repeating: 0x7A, count: 32 * 1024 * 1024)))
        }
        router.add("GET", "/slow") { _, _, context in
            gate.hold(context.deferResponse())
            return .deferred
        }
        router.add("GET", "/twice") { _, _, context in
            // Two promises for one request, each completed twice, from a thread of their own (the
            // global queue's few threads may all be blocked in test clients' reads).
            let (first, second) = (context.deferResponse(), context.deferResponse())
            Thread {
                for (promise, n) in [(first, 1), (first, 2), (second, 3), (second, 4)] {
                    promise.succeed(.json(.ok, "{\"reply\":\(n)}"))
                }
            }.start()
            return .deferred
        }
        router.add("GET", "/at-once") { _, _, context in
            // Answers at once, yet completes a promise later: the late reply has no request left.
            let promise = context.deferResponse()
            DispatchQueue.global().async { promise.succeed(.json(.ok, #"{"late":true}"#)) }
            return .response(.json(.ok, #"{"at_once":true}"#))
        }
        return router
    }
}
