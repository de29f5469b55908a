// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaNet

/// Deferred replies: delivering the one that arrives first, and answering `504` for the ones
/// that do not arrive by the deferred-reply deadline.
extension EventLoop {
    /// Sends a deferred reply where it belongs, then resumes parsing any pipelined requests. Its
    /// entry has been taken out of `deferred`, so nothing else can answer the same request.
    func deliver(_ response: HTTPResponse, token: UInt64, to entry: DeferredReply) {
        switch entry {
        case .http1(let connection, let pending):
            guard connection.machine.replyArrived(token: token) else { return }
            self.finish(response, for: pending, on: connection)
            self.process(connection)
            self.flush(connection)
        case .handler(let connection, _, _, let complete):
            guard !connection.machine.isClosed else { return }
            complete(response)
            self.flush(connection)
        }
    }

    /// The HTTP/1.1 request `token` got no reply in time (the machine reported `replyTimedOut`):
    /// it is answered `504` and the connection goes on as after any response.
    func answerTimedOut(token: UInt64, on connection: Connection) {
        guard case .http1(_, let pending)? = self.deferred.removeValue(forKey: token) else {
            self.close(connection)  // not reachable: a deferred request always has its entry
            return
        }
        self.finish(self.timedOutResponse(requestID: pending.requestID), for: pending, on: connection)
        self.process(connection)
        self.flush(connection)
    }

    /// Answers `504` on every takeover stream whose reply is overdue (HTTP/2); drops the entries
    /// of connections that have closed meanwhile.
    func expireDeferredStreams(now: UInt64) {
        var overdue: [UInt64] = []
        for (token, entry) in self.deferred {
            if case .handler(_, _, let deadline, _) = entry, deadline <= now { overdue.append(token) }
        }
        for token in overdue {
            guard
                case .handler(let connection, let requestID, _, let complete)? = self.deferred.removeValue(
                    forKey: token),
                !connection.machine.isClosed
            else { continue }
            complete(self.timedOutResponse(requestID: requestID))
            self.flush(connection)
        }
    }

    /// The `504` for a request whose reply did not come in time, with the server's error body.
    private func timedOutResponse(requestID: String) -> HTTPResponse {
        self.server.logger.info("deferred reply timed out", metadata: ["request.id": "\(requestID)"])
        return self.server.errorResponse(
            .gatewayTimeout, "No reply within \(self.limits.deferredReplyTimeout).", requestID)
    }
}
