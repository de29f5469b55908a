// SPDX-License-Identifier: Apache-2.0
import PhotaNet

/// The `ConnectionIO` a takeover handler drives its connection through.
final class LoopConnectionIO: ConnectionIO {
    unowned let loop: EventLoop
    unowned let connection: Connection

    init(loop: EventLoop, connection: Connection) {
        self.loop = loop
        self.connection = connection
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        self.connection.outbound.append(contentsOf: bytes)
    }

    func closeAfterFlush() {
        self.connection.machine.handlerRequestedClose()
    }

    var limits: ServerLimits { self.loop.limits }
    var date: [UInt8] { self.loop.date.current() }

    func errorResponse(_ status: HTTPStatus, _ detail: String) -> (HTTPResponse, requestID: String) {
        let requestID = self.loop.requestIDs.next()
        return (self.loop.server.errorResponse(status, detail, requestID), requestID)
    }
    var isStopping: Bool { self.loop.server.stopping.load(ordering: .relaxed) }

    func dispatch(_ request: HTTPRequest, completion: @escaping (HTTPResponse, String) -> Void) {
        let loop = self.loop
        let requestID = loop.requestIDs.next()
        let startedAt = MonotonicTime.now()
        loop.requestSeq &+= 1
        let token = loop.requestSeq
        let context = RequestContext(requestID: requestID, startedAt: startedAt, promiseFactory: loop, token: token)
        let pending = PendingRequest(
            method: request.method, path: request.path, keepAlive: true, version: request.version,
            requestID: requestID, startedAt: startedAt
        )
        let complete: (HTTPResponse) -> Void = { response in
            loop.logRequest(method: pending.method, path: pending.path, status: response.status, pending: pending)
            loop.server.observer?.observe(
                request: request, response: response, requestID: requestID,
                durationNanos: MonotonicTime.now() &- startedAt
            )
            completion(response, requestID)
        }
        switch loop.server.responder.respond(to: request, context: context) {
        case .response(let response):
            complete(response)
        case .deferred:
            // Streams share the connection, so each waits with a deadline of its own; the sweep
            // answers it `504` when that passes (`EventLoop.expireDeferredStreams`).
            loop.deferred[token] = .handler(
                self.connection, requestID: requestID, deadline: startedAt &+ loop.timeouts.reply, complete: complete
            )
        }
    }
}
