// SPDX-License-Identifier: Apache-2.0
import Dispatch
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

/// Routes for live tests of the engine: a fixed JSON reply, an echo of the body, and a reply
/// deferred until the test releases it through the gate.
enum TestRoutes {
    static func router(gate: ReplyGate = ReplyGate()) -> Router {
        var router = Router(
            notFound: { _, context in
                DefaultErrorBody.response(status: .notFound, detail: "Not Found", requestID: context.requestID)
            },
            methodNotAllowed: { _, _, context in
                DefaultErrorBody.response(status: .methodNotAllowed, detail: "Method Not Allowed", requestID: context.requestID)
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
        return router
    }
}
