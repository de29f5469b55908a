// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaHTTP
import PhotaTestSupport
import Synchronization

/// A local HTTP server on `127.0.0.1:0` that receives job callbacks: it records the method, path, headers and
/// exact body of every request and answers each with the next status of its plan (then `otherwise`).
final class CallbackReceiver: Sendable {
    /// One request as it arrived.
    struct Received: Sendable {
        var method: String
        var path: String
        var headers: [(String, String)]
        var body: [UInt8]

        /// The first value of a header, by case-insensitive name.
        func header(_ name: String) -> String? {
            self.headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        var bodyText: String { String(decoding: self.body, as: UTF8.self) }
    }

    private struct State {
        var received: [Received] = []
        var plan: [Int]
        let otherwise: Int
    }

    private final class Responder: HTTPResponder {
        let state: Mutex<State>

        init(state: State) {
            self.state = Mutex(state)
        }

        func respond(to request: HTTPRequest, context: RequestContext) -> Reply {
            let status = self.state.withLock { state -> Int in
                state.received.append(
                    Received(
                        method: request.method, path: request.path,
                        headers: request.headers.fields.map { ($0.name, $0.value) }, body: request.body))
                return state.plan.isEmpty ? state.otherwise : state.plan.removeFirst()
            }
            return .response(.json(HTTPStatus(status), #"{"answered":\#(status)}"#))
        }
    }

    private let responder: Responder
    let server: TestHTTPServer

    /// - Parameters:
    ///   - plan: the statuses of the first requests, in order.
    ///   - otherwise: the status of every request after the plan.
    init(plan: [Int] = [], otherwise: Int = 200) throws {
        self.responder = Responder(state: State(plan: plan, otherwise: otherwise))
        self.server = try TestHTTPServer(responder: self.responder)
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String = "/hooks/job") -> String {
        "http://127.0.0.1:\(self.server.port)\(path)"
    }

    /// Every request so far.
    var received: [Received] {
        self.responder.state.withLock { $0.received }
    }

    /// Waits (at most `seconds`) until at least `count` requests arrived; returns them all.
    func waitFor(_ count: Int, seconds: Double = 10) -> [Received] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let received = self.received
            if received.count >= count { return received }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return self.received
    }

    func stop() {
        self.server.stop()
    }
}
