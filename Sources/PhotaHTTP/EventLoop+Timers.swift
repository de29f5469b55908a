// SPDX-License-Identifier: Apache-2.0
import PhotaNet

extension EventLoop {
    func setDeadline(_ connection: Connection, _ kind: Connection.DeadlineKind, after nanoseconds: UInt64) {
        connection.deadlineKind = kind
        connection.deadline = MonotonicTime.now() &+ nanoseconds
    }

    /// Closes connections whose deadline passed; a request head or body that did not arrive in time
    /// gets a 408; a response the client did not read in time closes the connection.
    func sweep(now: UInt64) {
        self.resumeAcceptingIfDue(now: now)
        var expired: [Connection] = []
        for connection in self.connections.values
        where (connection.deadline != 0 && connection.deadline <= now) || (connection.writeDeadline != 0 && connection.writeDeadline <= now) {
            expired.append(connection)
        }
        for connection in expired {
            if connection.writeDeadline != 0 && connection.writeDeadline <= now {
                self.server.logger.info("response not read in time", metadata: ["queued_bytes": "\(connection.pendingOutput)"])
                self.close(connection)
                continue
            }
            switch connection.deadlineKind {
            case .header, .body:
                guard connection.awaiting == nil, connection.handler == nil else { continue }
                self.server.logger.info("request timed out", metadata: ["phase": "\(connection.deadlineKind)"])
                self.sendError(connection, HTTPParseError(.requestTimeout, "Request was not received in time."))
            case .idle, .linger:
                if connection.handler != nil && connection.deadlineKind == .idle && !(connection.handler?.isIdle ?? true) {
                    self.setDeadline(connection, .idle, after: self.limits.idleTimeout.nanoseconds)
                    continue
                }
                self.close(connection)
            }
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
            } else if !connection.lingering && self.isIdle(connection) {
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
        connection.awaiting == nil && !connection.parser.isMidRequest && connection.pendingOutput == 0
            && connection.inbound.unread == 0
    }
}
