// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaNet

extension EventLoop {
    /// Runs one HTTP/1.1 request through the responder and queues its reply (or waits for it).
    func dispatchHTTP1(_ request: HTTPRequest, on connection: Connection) {
        if let switcher = self.server.switcher, switcher.acceptsUpgrade(request) {
            self.handOver(connection, to: switcher, upgradeRequest: request)
            return
        }
        let keepAlive = Self.keepAlive(request) && !self.server.stopping.load(ordering: .relaxed)
        let requestID = self.requestIDs.next()
        let startedAt = MonotonicTime.now()
        self.requestSeq &+= 1
        let token = self.requestSeq
        let context = RequestContext(requestID: requestID, startedAt: startedAt, promiseFactory: self, token: token)
        let pending = PendingRequest(
            method: request.method, path: request.path, keepAlive: keepAlive, version: request.version,
            requestID: requestID, startedAt: startedAt, request: self.server.observer == nil ? nil : request
        )
        switch self.server.responder.respond(to: request, context: context) {
        case .response(let response):
            self.finish(response, for: pending, on: connection)
        case .deferred:
            // Registered only now: a promise completed while the responder ran waits in the
            // mailbox, which is drained after this event.
            _ = connection.machine.replyDeferred(token: token, startedAt: startedAt)
            self.deferred[token] = .http1(connection, pending)
        }
    }

    /// RFC 9112 §9.3: HTTP/1.1 persists unless `close` is sent; HTTP/1.0 only with `keep-alive`.
    static func keepAlive(_ request: HTTPRequest) -> Bool {
        // Most clients send no Connection field: no token list to build then.
        guard request.headers["connection"] != nil else { return request.version == .http1_1 }
        let tokens = request.headers.values("connection").flatMap { $0.split(separator: ",") }.map {
            $0.trimmingASCIIWhitespace().lowercased()
        }
        if tokens.contains("close") { return false }
        return request.version == .http1_1 || tokens.contains("keep-alive")
    }

    func finish(_ response: HTTPResponse, for pending: PendingRequest, on connection: Connection) {
        // A reply that was in flight when shutdown began is the connection's last.
        let keepAlive =
            pending.keepAlive && !self.server.stopping.load(ordering: .relaxed) && !response.closesConnection
        let header: String? =
            !keepAlive || response.delivery != .normal ? "close" : (pending.version == .http1_0 ? "keep-alive" : nil)
        switch response.delivery {
        case .normal:
            ResponseEncoder.encode(
                response, requestID: pending.requestID, date: self.date.current(),
                includeBody: pending.method != "HEAD",
                connection: header, into: &connection.outbound
            )
        case .truncated(let bytes):
            var encoded: [UInt8] = []
            ResponseEncoder.encode(
                response, requestID: pending.requestID, date: self.date.current(),
                includeBody: pending.method != "HEAD",
                connection: header, into: &encoded
            )
            connection.outbound.append(contentsOf: encoded.prefix(max(0, bytes ?? encoded.count / 2)))
        case .reset:
            connection.socket.setResetOnClose()
        case .closeWithoutResponse:
            break
        }
        connection.machine.responseQueued(
            closeAfter: !keepAlive || response.delivery != .normal, reset: response.delivery == .reset,
            now: MonotonicTime.now()
        )
        self.logRequest(method: pending.method, path: pending.path, status: response.status, pending: pending)
        if let observer = self.server.observer, let request = pending.request {
            observer.observe(
                request: request, response: response, requestID: pending.requestID,
                durationNanos: MonotonicTime.now() &- pending.startedAt
            )
        }
    }

    func logRequest(method: String, path: String, status: HTTPStatus, pending: PendingRequest) {
        self.server.logger.info(
            "request",
            metadata: [
                "http.method": "\(method)",
                "http.path": "\(path)",
                "http.status": "\(status.code)",
                "duration_ms": "\(Double(MonotonicTime.now() - pending.startedAt) / 1_000_000)",
                "request.id": "\(pending.requestID)",
            ]
        )
    }

    /// Gives the connection to another protocol's handler (HTTP/2 by preface or by Upgrade).
    func handOver(_ connection: Connection, to switcher: any ProtocolSwitcher, upgradeRequest: HTTPRequest?) {
        let io = LoopConnectionIO(loop: self, connection: connection)
        guard let handler = switcher.makeHandler(io: io, upgradeRequest: upgradeRequest) else {
            connection.machine.requestRejected()
            self.sendError(connection, .bad("Protocol upgrade failed."))
            return
        }
        connection.handler = handler
        connection.machine.handedOver(now: MonotonicTime.now())
        let rest = connection.inbound.takeUnread()
        if !rest.isEmpty { rest.withUnsafeBytes { handler.received($0) } }
        self.flush(connection)
    }
}
