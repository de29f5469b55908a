import Testing

// SPDX-License-Identifier: Apache-2.0
@testable import PhotaHTTP

/// Every transition of the HTTP/1.1 connection lifecycle, without sockets: the machine is fed
/// events with explicit clock readings, and its state, deadlines and actions are checked.
@Suite struct ConnectionStateMachineTests {
    typealias Machine = ConnectionStateMachine

    /// Distinct lengths, so each deadline shows which timeout set it.
    private static let timeouts: Machine.Timeouts = {
        var timeouts = Machine.Timeouts(header: 10, body: 20, idle: 30, reply: 40)
        timeouts.linger = 50
        return timeouts
    }()

    /// Runs one event for `#expect`, which cannot hold a mutating call itself.
    private func step<Result>(_ event: () -> Result) -> Result { event() }

    private func machine(detectsProtocol: Bool = false, now: UInt64 = 1000) -> Machine {
        Machine(timeouts: Self.timeouts, detectsProtocol: detectsProtocol, now: now)
    }

    /// A machine whose request `token` is deferred, dispatched at 1000.
    private func awaiting(token: UInt64 = 7) -> Machine {
        var machine = self.machine()
        _ = machine.requestReceived()
        _ = machine.replyDeferred(token: token, startedAt: 1000)
        return machine
    }

    // MARK: Start and reading

    @Test func startsIdleWithTheIdleDeadline_OrDetectingWhenAnotherProtocolMayClaimIt() {
        let plain = self.machine()
        #expect(plain.state == .idle)
        #expect(plain.deadline == 1030)
        #expect(plain.wantsInput)
        #expect(plain.bytesReceived() == .parse)
        var detecting = self.machine(detectsProtocol: true)
        #expect(detecting.state == .detectingProtocol)
        #expect(detecting.bytesReceived() == .detectPreface)
        #expect(!detecting.canParse(pendingOutput: 0))
        detecting.protocolIsHTTP1()
        #expect(detecting.state == .idle)
        #expect(detecting.canParse(pendingOutput: 0))
    }

    @Test func protocolIsHTTP1_IsIgnoredOnceDecided() {
        var machine = self.awaiting()
        machine.protocolIsHTTP1()
        #expect(machine.state == .awaitingReply(token: 7))
    }

    @Test func headDeadlineStartsWithTheFirstBytesAndIsNotMovedByMore() {
        var machine = self.machine()
        #expect(
            self.step { machine.requestIncomplete(readingBody: false, continueRequested: false, now: 2000) } == .none)
        #expect(machine.state == .readingHead)
        #expect(machine.deadline == 2010)
        _ = machine.requestIncomplete(readingBody: false, continueRequested: false, now: 2005)
        #expect(machine.deadline == 2010)
    }

    @Test func bodyDeadlineStartsWithTheBodyAndIsNotMovedByMore() {
        var machine = self.machine()
        _ = machine.requestIncomplete(readingBody: false, continueRequested: false, now: 2000)
        #expect(
            self.step { machine.requestIncomplete(readingBody: true, continueRequested: true, now: 2003) }
                == .sendContinue)
        #expect(machine.state == .readingBody)
        #expect(machine.deadline == 2023)
        #expect(
            self.step { machine.requestIncomplete(readingBody: true, continueRequested: false, now: 2015) } == .none)
        #expect(machine.deadline == 2023)
    }

    @Test func requestIncomplete_IsIgnoredWhenNoRequestIsBeingRead() {
        var machine = self.awaiting()
        #expect(
            self.step { machine.requestIncomplete(readingBody: false, continueRequested: true, now: 2000) } == .none)
        #expect(machine.state == .awaitingReply(token: 7))
        #expect(machine.deadline == 1040)
    }

    // MARK: Requests and responses

    @Test func keepAliveResponseReturnsToIdleWithTheIdleDeadline() {
        var machine = self.machine()
        _ = machine.requestIncomplete(readingBody: false, continueRequested: false, now: 2000)
        #expect(self.step { machine.requestReceived() })
        #expect(machine.state == .responding)
        #expect(!machine.canParse(pendingOutput: 0))
        machine.responseQueued(closeAfter: false, reset: false, now: 2100)
        #expect(machine.state == .idle)
        #expect(machine.deadline == 2130)
    }

    @Test func lastResponseClosesAfterItIsWritten_ThenLingers() {
        var machine = self.machine()
        _ = machine.requestReceived()
        machine.responseQueued(closeAfter: true, reset: false, now: 2000)
        #expect(machine.state == .closing)
        #expect(!machine.canParse(pendingOutput: 0))
        #expect(machine.bytesReceived() == .parse)  // buffered, never parsed
        #expect(self.step { machine.writeDrained(handlerIdle: true, now: 2100) } == .linger)
        #expect(machine.state == .lingering)
        #expect(machine.deadline == 2150)
        #expect(machine.bytesReceived() == .discard)
        // A later flush does not restart the linger.
        #expect(self.step { machine.writeDrained(handlerIdle: true, now: 2120) } == .none)
        #expect(machine.deadline == 2150)
        #expect(self.step { machine.deadlinePassed(now: 2150, handlerBusy: false) } == .close)
        #expect(self.step { machine.closed() })
        #expect(machine.isClosed)
        #expect(!self.step { machine.closed() })
    }

    @Test func resetResponseClosesAtOnceInsteadOfLingering() {
        var machine = self.machine()
        _ = machine.requestReceived()
        machine.responseQueued(closeAfter: true, reset: true, now: 2000)
        #expect(machine.resetOnClose)
        #expect(self.step { machine.writeDrained(handlerIdle: true, now: 2100) } == .close)
    }

    @Test func pipelinedRequestsAreParsedOnlyWhileTheClientReadsItsResponses() {
        var machine = self.machine()
        for _ in 0..<3 {
            #expect(machine.canParse(pendingOutput: 1024))
            #expect(self.step { machine.requestReceived() })
            machine.responseQueued(closeAfter: false, reset: false, now: 2000)
        }
        #expect(!machine.canParse(pendingOutput: Machine.maxPendingOutput))
        #expect(machine.canParse(pendingOutput: Machine.maxPendingOutput - 1))
    }

    @Test func malformedRequestCloses_WithNoDeadlineButTheWriteDeadline() {
        var machine = self.machine()
        _ = machine.requestIncomplete(readingBody: false, continueRequested: false, now: 2000)
        machine.requestRejected()
        #expect(machine.state == .closing)
        #expect(machine.deadline == 0)
        #expect(!machine.hasExpired(now: .max))
        machine.writeBlocked(now: 3000)
        #expect(self.step { machine.deadlinePassed(now: 3020, handlerBusy: false) } == .closeUnread)
    }

    @Test func illegalRequestEventsChangeNothing() {
        var machine = self.machine()
        #expect(self.step { machine.replyDeferred(token: 1, startedAt: 0) } == .none)  // no request at the responder
        #expect(machine.state == .idle)
        machine.responseQueued(closeAfter: true, reset: true, now: 0)  // nothing was asked
        #expect(machine.state == .idle)
        #expect(!machine.resetOnClose)
        var closing = self.machine()
        _ = closing.requestReceived()
        closing.responseQueued(closeAfter: true, reset: false, now: 0)
        #expect(!self.step { closing.requestReceived() })
        closing.requestRejected()
        #expect(closing.state == .closing)
        _ = closing.closed()
        #expect(!self.step { closing.requestReceived() })
        #expect(closing.bytesReceived() == .discard)
        #expect(self.step { closing.peerClosed(pendingOutput: 0) } == .none)
        #expect(self.step { closing.deadlinePassed(now: .max, handlerBusy: false) } == .none)
    }

    // MARK: Deferred replies

    @Test func deferredReplyWaitsForItsTokenWithTheReplyDeadline() {
        var machine = self.awaiting()
        #expect(machine.state == .awaitingReply(token: 7))
        #expect(machine.deadline == 1040)
        #expect(!machine.canParse(pendingOutput: 0))
        #expect(machine.bytesReceived() == .parse)
        #expect(!self.step { machine.replyArrived(token: 8) })
        #expect(self.step { machine.replyArrived(token: 7) })
        #expect(machine.state == .responding)
        #expect(!self.step { machine.replyArrived(token: 7) })  // the second reply is dropped
        machine.responseQueued(closeAfter: false, reset: false, now: 1500)
        #expect(machine.state == .idle)
    }

    @Test func replyDeadlineAnswers504OnceAndTheLateReplyIsDropped() {
        var machine = self.awaiting()
        #expect(!machine.hasExpired(now: 1039))
        #expect(machine.hasExpired(now: 1040))
        #expect(self.step { machine.deadlinePassed(now: 1040, handlerBusy: false) } == .replyTimedOut(token: 7))
        #expect(machine.state == .responding)
        #expect(self.step { machine.deadlinePassed(now: 1041, handlerBusy: false) } == .none)
        #expect(!self.step { machine.replyArrived(token: 7) })
        machine.responseQueued(closeAfter: false, reset: false, now: 1041)
        #expect(machine.state == .idle)  // kept alive, as after any response
        #expect(machine.deadline == 1071)
    }

    @Test func replyForAClosedConnectionIsDropped() {
        var machine = self.awaiting()
        _ = machine.closed()
        #expect(!self.step { machine.replyArrived(token: 7) })
        #expect(!machine.isAwaitingReply)
    }

    // MARK: Deadlines

    @Test func headAndBodyDeadlinesAnswer408ThenClose() {
        var head = self.machine()
        _ = head.requestIncomplete(readingBody: false, continueRequested: false, now: 2000)
        #expect(self.step { head.deadlinePassed(now: 2009, handlerBusy: false) } == .none)
        #expect(self.step { head.deadlinePassed(now: 2010, handlerBusy: false) } == .requestTimedOut(.header))
        #expect(head.state == .closing)
        #expect(head.deadline == 0)
        var body = self.machine()
        _ = body.requestIncomplete(readingBody: true, continueRequested: false, now: 2000)
        #expect(self.step { body.deadlinePassed(now: 2020, handlerBusy: false) } == .requestTimedOut(.body))
        #expect(body.state == .closing)
    }

    @Test func idleDeadlineCloses() {
        var machine = self.machine()
        #expect(self.step { machine.deadlinePassed(now: 1030, handlerBusy: false) } == .close)
        var detecting = self.machine(detectsProtocol: true)
        #expect(self.step { detecting.deadlinePassed(now: 1030, handlerBusy: false) } == .close)
    }

    @Test func writeDeadlineStartsAtTheFirstBlockedWriteAndClosesWhateverTheState() {
        var machine = self.awaiting()
        machine.writeBlocked(now: 1010)
        machine.writeBlocked(now: 1015)
        #expect(machine.writeDeadline == 1030)
        #expect(self.step { machine.deadlinePassed(now: 1030, handlerBusy: false) } == .closeUnread)
        _ = machine.writeDrained(handlerIdle: true, now: 1020)
        #expect(machine.writeDeadline == 0)
    }

    // MARK: Peer closing (half-close)

    @Test func peerClosingWithNothingOwedCloses() {
        var machine = self.machine()
        #expect(self.step { machine.peerClosed(pendingOutput: 0) } == .close)
        var reading = self.machine()
        _ = reading.requestIncomplete(readingBody: false, continueRequested: false, now: 0)
        #expect(self.step { reading.peerClosed(pendingOutput: 0) } == .close)
    }

    @Test func peerClosingWithOutputQueuedStopsReadingAndClosesAfterIt() {
        var machine = self.machine()
        #expect(self.step { machine.peerClosed(pendingOutput: 10) } == .updateInterest)
        #expect(machine.state == .closing)
        #expect(!machine.wantsInput)
        #expect(self.step { machine.writeDrained(handlerIdle: true, now: 0) } == .close)  // no lingering: the peer is gone
    }

    @Test func peerClosingWhileAReplyIsOwedAnswersThenCloses() {
        var machine = self.awaiting()
        #expect(self.step { machine.peerClosed(pendingOutput: 0) } == .updateInterest)
        #expect(machine.state == .awaitingReply(token: 7))
        #expect(!machine.wantsInput)
        #expect(self.step { machine.replyArrived(token: 7) })
        machine.responseQueued(closeAfter: false, reset: false, now: 2000)
        #expect(machine.state == .closing)
        #expect(self.step { machine.writeDrained(handlerIdle: true, now: 2000) } == .close)
    }

    @Test func peerClosingWhileLingeringCloses() {
        var machine = self.machine()
        _ = machine.requestReceived()
        machine.responseQueued(closeAfter: true, reset: false, now: 0)
        _ = machine.writeDrained(handlerIdle: true, now: 0)
        #expect(self.step { machine.peerClosed(pendingOutput: 0) } == .close)
    }

    // MARK: Read back-pressure

    @Test func readingPausesWhenInputPilesUpThatCannotBeUsed() {
        var machine = self.machine()
        let lots = Machine.maxUnparsedInput
        #expect(self.step { machine.inputPiledUp(unread: lots, pendingOutput: 0) } == .none)  // parsing can use it
        #expect(self.step { machine.inputPiledUp(unread: lots - 1, pendingOutput: 10) } == .none)
        #expect(self.step { machine.inputPiledUp(unread: lots, pendingOutput: 10) } == .updateInterest)  // client not reading
        #expect(!machine.wantsInput)
        machine.parsingResumed()
        #expect(machine.wantsInput)
        var awaiting = self.awaiting()
        #expect(self.step { awaiting.inputPiledUp(unread: lots, pendingOutput: 0) } == .updateInterest)
        #expect(awaiting.readPaused)
    }

    @Test func lingeringReadsAgainWhateverPiledUp() {
        var machine = self.machine()
        _ = machine.requestReceived()
        machine.responseQueued(closeAfter: true, reset: false, now: 0)
        #expect(
            self.step { machine.inputPiledUp(unread: Machine.maxUnparsedInput, pendingOutput: 10) } == .updateInterest)
        _ = machine.writeDrained(handlerIdle: true, now: 0)
        #expect(machine.wantsInput)
        #expect(self.step { machine.inputPiledUp(unread: Machine.maxUnparsedInput, pendingOutput: 10) } == .none)
    }

    // MARK: Takeover

    @Test func handedOverConnectionForwardsBytesAndStaysOpenWhileTheHandlerIsBusy() {
        var machine = self.machine(detectsProtocol: true)
        machine.handedOver(now: 2000)
        #expect(machine.state == .handedOver(closing: false))
        #expect(machine.deadline == 2030)
        #expect(machine.bytesReceived() == .forwardToHandler)
        #expect(!machine.canParse(pendingOutput: 0))
        machine.handlerActivity(now: 2010)
        #expect(machine.deadline == 2040)
        #expect(self.step { machine.deadlinePassed(now: 2040, handlerBusy: true) } == .none)
        #expect(machine.deadline == 2070)
        #expect(self.step { machine.deadlinePassed(now: 2070, handlerBusy: false) } == .close)
    }

    @Test func handedOverConnectionLingersOnceTheHandlerAskedToCloseAndIsIdle() {
        var machine = self.machine()
        _ = machine.requestReceived()  // an Upgrade request
        machine.handedOver(now: 0)
        #expect(self.step { machine.writeDrained(handlerIdle: true, now: 0) } == .none)  // not asked to close
        machine.handlerRequestedClose()
        #expect(machine.state == .handedOver(closing: true))
        #expect(self.step { machine.writeDrained(handlerIdle: false, now: 0) } == .none)
        #expect(self.step { machine.writeDrained(handlerIdle: true, now: 100) } == .linger)
        #expect(machine.deadline == 150)
        #expect(self.step { machine.peerClosed(pendingOutput: 0) } == .close)
    }

    @Test func takeoverEventsOutsideTakeoverChangeNothing() {
        var machine = self.machine()
        machine.handedOver(now: 2000)  // only from detection or an Upgrade request
        #expect(machine.state == .idle)
        machine.handlerActivity(now: 5000)
        machine.handlerRequestedClose()
        #expect(machine.state == .idle)
        #expect(machine.deadline == 1030)
    }

    // MARK: Shutdown

    @Test func quietOnlyWithNothingOwedBufferedOrQueued() {
        #expect(self.machine().isQuiet(pendingOutput: 0, unread: 0))
        #expect(!self.machine().isQuiet(pendingOutput: 1, unread: 0))
        #expect(!self.machine().isQuiet(pendingOutput: 0, unread: 1))
        #expect(!self.awaiting().isQuiet(pendingOutput: 0, unread: 0))
    }
}
