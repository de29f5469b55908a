// SPDX-License-Identifier: Apache-2.0
import PhotaNet

extension EventLoop {
    /// Acts on every deadline that passed: a request head or body that did not arrive in time gets
    /// a 408, a deferred reply that did not come a 504, a response the client did not read in time
    /// or an idle connection is closed.
    func sweep(now: UInt64) {
        self.resumeAcceptingIfDue(now: now)
        var expired: [Connection] = []
        for connection in self.connections.values where connection.machine.hasExpired(now: now) {
            expired.append(connection)
        }
        for connection in expired {
            let handlerBusy = !(connection.handler?.isIdle ?? true)
            switch connection.machine.deadlinePassed(now: now, handlerBusy: handlerBusy) {
            case .closeUnread:
                self.server.logger.info(
                    "response not read in time", metadata: ["queued_bytes": "\(connection.pendingOutput)"])
                self.close(connection)
            case .requestTimedOut(let phase):
                self.server.logger.info("request timed out", metadata: ["phase": "\(phase)"])
                self.sendError(connection, HTTPParseError(.requestTimeout, "Request was not received in time."))
            case .replyTimedOut(let token):
                self.answerTimedOut(token: token, on: connection)
            case .close:
                self.close(connection)
            default:
                break
            }
        }
        if !self.deferred.isEmpty { self.expireDeferredStreams(now: now) }
        for connection in self.connections.values {
            guard let handler = connection.handler else { continue }
            handler.deadlinesPassed(now: now)
            if connection.pendingOutput > 0 { self.flush(connection) }
        }
    }

    /// Drives graceful shutdown; returns true when the loop may exit.
    func beginOrContinueShutdown(now: UInt64) -> Bool {
        if self.shutdownStartedAt == nil {
            self.shutdownStartedAt = now
            if self.listening { self.poller.remove(fd: self.listener.fd) }
            self.listening = false
            self.acceptPausedUntil = nil
            for connection in Array(self.connections.values) {
                if let handler = connection.handler {
                    handler.shutdownRequested()
                    self.flush(connection)
                } else if self.isIdle(connection) {
                    self.close(connection)
                }
            }
        }
        for connection in Array(self.connections.values) where connection.pendingOutput == 0 {
            if let handler = connection.handler {
                if handler.isIdle { self.close(connection) }
            } else if !connection.machine.isLingering && self.isIdle(connection) {
                // An HTTP/1.1 connection whose last request finished since shutdown began.
                self.close(connection)
            }
        }
        if self.connections.isEmpty { return true }
        if now - (self.shutdownStartedAt ?? now) > self.limits.shutdownGrace.nanoseconds {
            self.server.logger.warning("shutdown grace expired; closing \(self.connections.count) connection(s)")
            return true
        }
        return false
    }

    /// No request started, none awaiting a reply, nothing left to write.
    func isIdle(_ connection: Connection) -> Bool {
        connection.machine.isQuiet(pendingOutput: connection.pendingOutput, unread: connection.inbound.unread)
    }
}
