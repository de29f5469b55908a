// SPDX-License-Identifier: Apache-2.0
import PhotaNet

extension EventLoop {
    func onReadable(_ connection: Connection) {
        let result: IOResult<Int>
        do {
            result = try connection.socket.read(into: self.readBuffer)
        } catch {
            self.close(connection)
            return
        }
        guard case .done(let count) = result else { return }
        if count == 0 {
            connection.peerClosed = true
            if connection.lingering || connection.handler != nil || connection.awaiting == nil && connection.pendingOutput == 0 {
                connection.handler?.closed()
                self.close(connection)
            } else {
                // Half-closed with a reply still owed: stop reading, answer, then close.
                connection.closeAfterFlush = true
                self.updateInterest(connection)
            }
            return
        }
        if connection.lingering { return }
        let bytes = UnsafeRawBufferPointer(rebasing: self.readBuffer[0..<count])
        if let handler = connection.handler {
            handler.received(bytes)
            self.setDeadline(connection, .idle, after: self.limits.idleTimeout.nanoseconds)
            self.flush(connection)
            return
        }
        connection.inbound.append(bytes)
        if !connection.sawFirstBytes, let switcher = self.server.switcher {
            switch connection.inbound.withUnread({ switcher.matchesPreface($0) }) {
            case .none: return  // too few bytes to tell yet
            case .some(true):
                connection.sawFirstBytes = true
                self.handOver(connection, to: switcher, upgradeRequest: nil)
                return
            case .some(false): connection.sawFirstBytes = true
            }
        }
        self.process(connection)
        self.flush(connection)
        if !connection.isClosed && !connection.lingering && connection.inbound.unread >= Self.maxUnparsedInput
            && (connection.awaiting != nil || connection.closeAfterFlush || connection.pendingOutput > 0)
        {
            connection.readPaused = true
            self.updateInterest(connection)
        }
    }

    /// Unparsed bytes a connection may hold while it cannot parse them; beyond it reading pauses.
    static let maxUnparsedInput = 256 * 1024

    func onWritable(_ connection: Connection) {
        self.flush(connection)
        if connection.isClosed { return }
        if let handler = connection.handler {
            if connection.pendingOutput == 0 {
                handler.writable()
                self.flush(connection)
            }
        } else if connection.pendingOutput == 0 {
            self.process(connection)
            self.flush(connection)
        }
    }

    /// Parses and answers as many buffered requests as possible, in order (pipelining).
    func process(_ connection: Connection) {
        connection.readPaused = false  // the caller flushes, which re-arms reading
        // Back-pressure: a client that pipelines without reading gets no more parsing until it reads.
        while connection.awaiting == nil && !connection.closeAfterFlush && !connection.isClosed
            && connection.handler == nil && connection.pendingOutput < 256 * 1024
            && connection.inbound.unread > 0
        {
            let result = connection.inbound.withUnread { connection.parser.parse($0) }
            switch result {
            case .needMoreData:
                if connection.parser.takeContinueRequest() {
                    connection.outbound.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
                }
                if connection.parser.isReadingBody {
                    // Set once, when the head is complete: the body as a whole has `bodyTimeout`,
                    // however steadily its bytes trickle in.
                    if connection.deadlineKind != .body {
                        self.setDeadline(connection, .body, after: self.limits.bodyTimeout.nanoseconds)
                    }
                } else if connection.deadlineKind != .header {
                    self.setDeadline(connection, .header, after: self.limits.headerTimeout.nanoseconds)
                }
                connection.inbound.compact()
                return
            case .malformed(let error):
                self.sendError(connection, error)
                return
            case .complete(let request, let consumed):
                connection.inbound.consume(consumed)
                self.dispatchHTTP1(request, on: connection)
            }
        }
        connection.inbound.compact()
    }

    /// Answers a protocol error with `Connection: close`, then lingers and closes (RFC 9112 §9.6).
    func sendError(_ connection: Connection, _ error: HTTPParseError) {
        let requestID = self.requestIDs.next()
        let response = self.server.errorResponse(error.status, error.reason, requestID)
        ResponseEncoder.encode(
            response, requestID: requestID, date: self.date.current(), includeBody: true, connection: "close",
            into: &connection.outbound
        )
        self.server.logger.info(
            "rejected request",
            metadata: ["http.status": "\(error.status.code)", "reason": "\(error.reason)", "request.id": "\(requestID)"]
        )
        connection.closeAfterFlush = true
        connection.inbound.removeAll()
        self.flush(connection)
    }

    /// Writes what is queued; arms or disarms write interest; closes when asked to after the write.
    func flush(_ connection: Connection) {
        if connection.isClosed { return }
        while connection.outboundSent < connection.outbound.count {
            let result: IOResult<Int>
            do {
                result = try connection.outbound.withUnsafeBytes { buffer in
                    try connection.socket.write(UnsafeRawBufferPointer(rebasing: buffer[connection.outboundSent...]))
                }
            } catch {
                self.close(connection)
                return
            }
            guard case .done(let written) = result else {
                // From the first write that has to wait, the client has `bodyTimeout` to read all
                // that is queued; what it sends meanwhile does not count.
                if connection.writeDeadline == 0 { connection.writeDeadline = MonotonicTime.now() &+ self.limits.bodyTimeout.nanoseconds }
                self.updateInterest(connection)
                return
            }
            connection.outboundSent += written
        }
        connection.outbound.removeAll(keepingCapacity: connection.outbound.capacity <= 256 * 1024)
        connection.outboundSent = 0
        connection.writeDeadline = 0
        if connection.closeAfterFlush && (connection.handler?.isIdle ?? true) {
            self.startLingering(connection)
            return
        }
        self.updateInterest(connection)
    }

    private func startLingering(_ connection: Connection) {
        // A later flush (the read that triggered the error flushes again) must not cut the linger short.
        if connection.lingering { return }
        if connection.peerClosed || connection.resetOnClose {
            self.close(connection)
            return
        }
        connection.lingering = true
        connection.readPaused = false
        connection.socket.shutdownWrite()
        self.setDeadline(connection, .linger, after: 2_000_000_000)
        self.updateInterest(connection)
    }

    func updateInterest(_ connection: Connection) {
        let wantsWrite = connection.pendingOutput > 0
        let wantsRead = !connection.peerClosed && !connection.readPaused
        guard wantsWrite != connection.wantsWrite || wantsRead != connection.wantsRead else { return }
        var interest: Interest = []
        if wantsRead { interest.insert(.read) }
        if wantsWrite { interest.insert(.write) }
        connection.wantsWrite = wantsWrite
        connection.wantsRead = wantsRead
        try? self.poller.modify(fd: connection.socket.fd, token: connection.token, interest: interest)
    }

    func close(_ connection: Connection) {
        guard !connection.isClosed else { return }
        connection.isClosed = true
        connection.handler?.closed()
        connection.handler = nil
        self.connections[connection.socket.fd] = nil
        connection.socket.close()
        self.server.openConnections.subtract(1, ordering: .relaxed)
    }
}
