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
            switch connection.machine.peerClosed(pendingOutput: connection.pendingOutput) {
            case .close: self.close(connection)
            case .updateInterest: self.updateInterest(connection)  // half-closed: answer, then close
            default: break
            }
            return
        }
        let bytes = UnsafeRawBufferPointer(rebasing: self.readBuffer[0..<count])
        switch connection.machine.bytesReceived() {
        case .forwardToHandler:
            connection.handler?.received(bytes)
            connection.machine.handlerActivity(now: MonotonicTime.now())
            self.flush(connection)
        case .detectPreface:
            connection.inbound.append(bytes)
            self.detectProtocol(connection)
        case .parse:
            connection.inbound.append(bytes)
            self.parseAndAnswer(connection)
        default:
            return  // lingering: read and dropped
        }
    }

    /// Hands the connection to the other protocol if its first bytes are that protocol's preface.
    private func detectProtocol(_ connection: Connection) {
        guard let switcher = self.server.switcher else {
            connection.machine.protocolIsHTTP1()
            self.parseAndAnswer(connection)
            return
        }
        switch connection.inbound.withUnread({ switcher.matchesPreface($0) }) {
        case .none: return  // too few bytes to tell yet
        case .some(true): self.handOver(connection, to: switcher, upgradeRequest: nil)
        case .some(false):
            connection.machine.protocolIsHTTP1()
            self.parseAndAnswer(connection)
        }
    }

    private func parseAndAnswer(_ connection: Connection) {
        self.process(connection)
        self.flush(connection)
        let unread = connection.inbound.unread
        if connection.machine.inputPiledUp(unread: unread, pendingOutput: connection.pendingOutput) == .updateInterest {
            self.updateInterest(connection)
        }
    }

    func onWritable(_ connection: Connection) {
        self.flush(connection)
        if connection.machine.isClosed || connection.pendingOutput > 0 { return }
        if let handler = connection.handler {
            handler.writable()
        } else {
            self.process(connection)
        }
        self.flush(connection)
    }

    /// Parses and answers as many buffered requests as possible, in order (pipelining).
    func process(_ connection: Connection) {
        connection.machine.parsingResumed()  // the caller flushes, which re-arms reading
        while connection.inbound.unread > 0 && connection.machine.canParse(pendingOutput: connection.pendingOutput) {
            let result = connection.inbound.withUnread { connection.parser.parse($0) }
            switch result {
            case .needMoreData:
                let action = connection.machine.requestIncomplete(
                    readingBody: connection.parser.isReadingBody,
                    continueRequested: connection.parser.takeContinueRequest(),
                    now: MonotonicTime.now()
                )
                if action == .sendContinue {
                    connection.outbound.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
                }
                connection.inbound.compact()
                return
            case .malformed(let error):
                connection.machine.requestRejected()
                self.sendError(connection, error)
                return
            case .complete(let request, let consumed):
                connection.inbound.consume(consumed)
                _ = connection.machine.requestReceived()
                self.dispatchHTTP1(request, on: connection)
            }
        }
        connection.inbound.compact()
    }

    /// Answers a protocol error with `Connection: close`, then lingers and closes (RFC 9112 §9.6).
    /// The machine is already `closing`.
    func sendError(_ connection: Connection, _ error: HTTPParseError) {
        let requestID = self.requestIDs.next()
        let response = self.server.errorResponse(error.status, error.reason, requestID)
        ResponseEncoder.encode(
            response, requestID: requestID, date: self.date.current(), includeBody: true, connection: "close",
            into: &connection.outbound
        )
        self.server.logger.info(
            "rejected request",
            metadata: [
                "http.status": "\(error.status.code)", "reason": "\(error.reason)", "request.id": "\(requestID)",
            ]
        )
        connection.inbound.removeAll()
        self.flush(connection)
    }

    /// Writes what is queued; arms or disarms write interest; lingers or closes when the machine says.
    func flush(_ connection: Connection) {
        if connection.machine.isClosed { return }
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
                connection.machine.writeBlocked(now: MonotonicTime.now())
                self.updateInterest(connection)
                return
            }
            connection.outboundSent += written
        }
        connection.outbound.removeAll(keepingCapacity: connection.outbound.capacity <= 256 * 1024)
        connection.outboundSent = 0
        switch connection.machine.writeDrained(
            handlerIdle: connection.handler?.isIdle ?? true, now: MonotonicTime.now())
        {
        case .close:
            self.close(connection)
        case .linger:
            connection.socket.shutdownWrite()
            self.updateInterest(connection)
        default:
            self.updateInterest(connection)
        }
    }

    func updateInterest(_ connection: Connection) {
        var interest: Interest = []
        if connection.machine.wantsInput { interest.insert(.read) }
        if connection.pendingOutput > 0 { interest.insert(.write) }
        guard interest != connection.registered else { return }
        connection.registered = interest
        try? self.poller.modify(fd: connection.socket.fd, token: connection.token, interest: interest)
    }

    func close(_ connection: Connection) {
        let awaited = connection.machine.awaitedToken
        guard connection.machine.closed() else { return }
        // A reply still owed has nowhere to go; drop its entry now rather than at its arrival.
        if let awaited { self.deferred[awaited] = nil }
        connection.handler?.closed()
        connection.handler = nil
        self.connections[connection.socket.fd] = nil
        connection.socket.close()
        self.server.openConnections.subtract(1, ordering: .relaxed)
    }
}
