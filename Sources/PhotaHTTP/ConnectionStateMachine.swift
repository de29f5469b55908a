// SPDX-License-Identifier: Apache-2.0

/// The lifecycle of one HTTP/1.1 connection, without I/O (as SwiftNIO's `HTTPServerPipelineHandler`
/// and Hummingbird's connection state): the event loop reports each event, performs the `Action`
/// returned, and keeps the sockets and buffers; this value decides keep-alive, pipelining, reading
/// back-pressure, closing, and every deadline.
///
/// ```
/// detectingProtocol → idle (HTTP/1.1) | handedOver (another protocol's preface)
/// idle → readingHead → readingBody → responding         a request arrives (header, body deadlines)
/// responding → awaitingReply → responding               deferred: its reply, or 504 at the deadline
/// responding → idle | closing | handedOver              keep-alive, last response, Upgrade
/// idle, readingHead, readingBody → closing              malformed request, 408
/// closing, handedOver(closing: true) → lingering        all written: shut the write side
/// lingering → closed                                    the peer's EOF or the linger deadline
/// ```
///
/// Only `closed()` is left to the loop when an action says `.close`: a connection also closes on
/// I/O errors, which the machine never sees.
struct ConnectionStateMachine {
    enum State: Equatable {
        /// Nothing decided yet: another protocol may claim the connection by its preface (HTTP/2).
        case detectingProtocol
        /// Between requests; the idle deadline runs.
        case idle
        /// Part of a request head has arrived; the header deadline runs, set once (progress does
        /// not extend it: slowloris).
        case readingHead
        /// The head is complete and its body is arriving; the body deadline runs, set once.
        case readingBody
        /// A whole request is with the responder, synchronously on the loop thread.
        case responding
        /// The responder deferred; nothing more is parsed until the reply for `token` arrives or
        /// the deferred-reply deadline passes.
        case awaitingReply(token: UInt64)
        /// The last response is queued; once it is written the connection lingers or closes.
        case closing
        /// Another protocol owns the connection; `closing` once it asked to close after its output.
        case handedOver(closing: Bool)
        /// The write side is shut; input is read and dropped until the peer closes or the linger
        /// deadline passes, so unread bytes do not make the kernel reset the last response away.
        case lingering
        case closed
    }

    /// What the event loop does next.
    enum Action: Equatable {
        case none
        /// Buffer the bytes and parse what can be parsed.
        case parse
        /// Check the buffered first bytes against the other protocol's preface.
        case detectPreface
        /// Pass the bytes to the handler that took the connection over.
        case forwardToHandler
        /// Drop the bytes.
        case discard
        /// Write `100 Continue` before the body is read (RFC 9110 §10.1.1).
        case sendContinue
        /// Register the interest `wantsInput` and the output now call for.
        case updateInterest
        /// Answer `408` with `Connection: close` (the machine is already `closing`).
        case requestTimedOut(Phase)
        /// Answer the deferred request `token` with `504` and go on as after any response.
        case replyTimedOut(token: UInt64)
        /// Shut the write side and linger (the machine is already `lingering`).
        case linger
        /// Close now, then report `closed()`.
        case close
        /// Close now: the client did not read what was queued in time.
        case closeUnread
    }

    enum Phase: Equatable {
        case header
        case body
    }

    /// Unparsed bytes a connection may hold while it cannot parse them; beyond it reading pauses.
    static let maxUnparsedInput = 256 * 1024
    /// Queued output beyond which no more requests are parsed until the client reads.
    static let maxPendingOutput = 256 * 1024

    private(set) var state: State
    let timeouts: Timeouts
    /// The peer shut its write side: what is owed is sent, then the connection closes.
    private(set) var peerClosed = false
    /// Reading stopped because unparsed input piled up while it could not be used: the kernel's
    /// window then pushes back instead of memory growing.
    private(set) var readPaused = false
    /// The last response asked for a reset (fault injection): close with RST, no lingering.
    private(set) var resetOnClose = false
    /// When the current state's deadline passes, in monotonic nanoseconds (0: none).
    private(set) var deadline: UInt64
    /// When queued output must have been read by the client (0: nothing waits). Separate from
    /// `deadline`, so bytes the client keeps sending cannot extend it.
    private(set) var writeDeadline: UInt64 = 0

    /// - Parameters:
    ///   - detectsProtocol: another protocol may claim the connection by its first bytes.
    ///   - now: monotonic nanoseconds; the idle deadline runs from here.
    init(timeouts: Timeouts, detectsProtocol: Bool, now: UInt64) {
        self.timeouts = timeouts
        self.state = detectsProtocol ? .detectingProtocol : .idle
        self.deadline = now &+ timeouts.idle
    }

    var isClosed: Bool { self.state == .closed }
    var isLingering: Bool { self.state == .lingering }

    /// Whether the loop should have read interest registered.
    var wantsInput: Bool { !self.peerClosed && !self.readPaused }

    /// True while a request's reply is deferred and still owed.
    var isAwaitingReply: Bool { self.awaitedToken != nil }

    /// The token of the deferred request whose reply is owed, if any.
    var awaitedToken: UInt64? {
        if case .awaitingReply(let token) = self.state { return token }
        return nil
    }

    /// True when a deadline has passed (the sweep then reports `deadlinePassed`).
    func hasExpired(now: UInt64) -> Bool {
        (self.deadline != 0 && self.deadline <= now) || (self.writeDeadline != 0 && self.writeDeadline <= now)
    }

    /// True when closing now loses nothing (graceful shutdown): no request started or owed, nothing
    /// buffered or queued. A started request always has bytes buffered, so `unread` covers it.
    func isQuiet(pendingOutput: Int, unread: Int) -> Bool {
        !self.isAwaitingReply && pendingOutput == 0 && unread == 0
    }
}

extension ConnectionStateMachine {
    /// The lengths of the deadlines, in nanoseconds.
    struct Timeouts: Equatable {
        var header: UInt64
        var body: UInt64
        var idle: UInt64
        var reply: UInt64
        /// How long input is drained after the last response before closing anyway.
        var linger: UInt64 = 2_000_000_000

        init(header: UInt64, body: UInt64, idle: UInt64, reply: UInt64) {
            self.header = header
            self.body = body
            self.idle = idle
            self.reply = reply
        }

        init(_ limits: ServerLimits) {
            self.init(
                header: limits.headerTimeout.nanoseconds, body: limits.bodyTimeout.nanoseconds,
                idle: limits.idleTimeout.nanoseconds, reply: limits.deferredReplyTimeout.nanoseconds
            )
        }
    }
}

/// The events, one method each. An event that cannot happen in the current state (a reply for a
/// request that is not awaited, a deferral with no request at the responder) changes nothing and
/// returns `.none` or false: late and duplicate replies are ordinary, not bugs.
extension ConnectionStateMachine {
    // MARK: Reading

    /// Bytes arrived from the peer: what to do with them.
    func bytesReceived() -> Action {
        switch self.state {
        case .detectingProtocol: .detectPreface
        case .handedOver: .forwardToHandler
        case .lingering, .closed: .discard
        case .idle, .readingHead, .readingBody, .responding, .awaitingReply, .closing: .parse
        }
    }

    /// The first bytes are not the other protocol's preface: the connection speaks HTTP/1.1.
    mutating func protocolIsHTTP1() {
        guard self.state == .detectingProtocol else { return }
        self.state = .idle
    }

    /// The peer shut its side (a read returned 0). With nothing owed the connection closes; with a
    /// reply owed or output queued (half-closed), reading stops and it closes after the answer.
    mutating func peerClosed(pendingOutput: Int) -> Action {
        switch self.state {
        case .closed:
            return .none
        case .lingering, .handedOver:
            return .close
        case .awaitingReply:
            self.peerClosed = true
            return .updateInterest
        case .detectingProtocol, .idle, .readingHead, .readingBody, .responding, .closing:
            if pendingOutput == 0 { return .close }
            self.peerClosed = true
            self.state = .closing
            return .updateInterest
        }
    }

    /// Whether buffered input may be parsed now: the connection takes requests, and its client reads
    /// its responses (one that pipelines without reading gets no more parsing until it reads).
    func canParse(pendingOutput: Int) -> Bool {
        switch self.state {
        case .idle, .readingHead, .readingBody: pendingOutput < Self.maxPendingOutput
        default: false
        }
    }

    /// Parsing is about to run, so input is wanted again (the caller's flush re-registers interest).
    mutating func parsingResumed() {
        self.readPaused = false
    }

    /// Unparsed input has piled up: stop reading while the connection cannot use it (its reply is
    /// deferred, it is about to close, or its client does not read the responses).
    mutating func inputPiledUp(unread: Int, pendingOutput: Int) -> Action {
        guard unread >= Self.maxUnparsedInput else { return .none }
        switch self.state {
        case .awaitingReply, .closing: break
        case .idle, .readingHead, .readingBody, .responding: if pendingOutput == 0 { return .none }
        case .detectingProtocol, .handedOver, .lingering, .closed: return .none
        }
        self.readPaused = true
        return .updateInterest
    }

    /// The buffered bytes are not a whole request yet. The header or body deadline starts when its
    /// phase does and is not moved by later bytes; `now` is read only then.
    mutating func requestIncomplete(
        readingBody: Bool, continueRequested: Bool, now: @autoclosure () -> UInt64
    ) -> Action {
        switch self.state {
        case .idle, .readingHead, .readingBody: break
        default: return .none
        }
        if readingBody {
            if self.state != .readingBody {
                self.state = .readingBody
                self.deadline = now() &+ self.timeouts.body
            }
        } else if self.state != .readingHead {
            self.state = .readingHead
            self.deadline = now() &+ self.timeouts.header
        }
        return continueRequested ? .sendContinue : .none
    }

    /// A whole request was parsed and goes to the responder. False (and no change) when the
    /// connection does not take requests now.
    mutating func requestReceived() -> Bool {
        switch self.state {
        case .idle, .readingHead, .readingBody:
            self.state = .responding
            return true
        default:
            return false
        }
    }

    /// The request could not be parsed, or could not switch protocols: the caller queues the error
    /// with `Connection: close`, and the connection closes once it is written. No deadline runs
    /// meanwhile: the write deadline covers a client that does not read it.
    mutating func requestRejected() {
        switch self.state {
        case .detectingProtocol, .idle, .readingHead, .readingBody, .responding:
            self.state = .closing
            self.deadline = 0
        default:
            return
        }
    }

    // MARK: Replying

    /// The responder deferred its reply to `token`, dispatched at `startedAt`: nothing more is
    /// parsed until it arrives, for at most the deferred-reply deadline.
    mutating func replyDeferred(token: UInt64, startedAt: UInt64) -> Action {
        guard self.state == .responding else { return .none }
        self.state = .awaitingReply(token: token)
        self.deadline = startedAt &+ self.timeouts.reply
        return .none
    }

    /// A deferred reply arrived. True when it is the awaited one: the caller queues it and reports
    /// `responseQueued`. A reply for another token, a second one, one after the deadline was
    /// answered, or one for a closed connection is refused.
    mutating func replyArrived(token: UInt64) -> Bool {
        guard case .awaitingReply(let awaited) = self.state, awaited == token else { return false }
        self.state = .responding
        return true
    }

    /// A response was queued. `closeAfter`: it was the connection's last (`Connection: close`, a
    /// broken delivery); `reset`: close with RST. A half-closed connection closes after it too.
    mutating func responseQueued(closeAfter: Bool, reset: Bool, now: UInt64) {
        guard self.state == .responding else { return }
        if reset { self.resetOnClose = true }
        self.state = closeAfter || self.peerClosed ? .closing : .idle
        self.deadline = now &+ self.timeouts.idle
    }

    // MARK: Writing

    /// A write had to wait for the socket: from the first such wait the client has the body timeout
    /// to read everything queued; what it sends meanwhile does not count.
    mutating func writeBlocked(now: @autoclosure () -> UInt64) {
        if self.writeDeadline == 0 { self.writeDeadline = now() &+ self.timeouts.body }
    }

    /// Everything queued has been written. `handlerIdle`: a takeover handler has nothing in flight.
    mutating func writeDrained(handlerIdle: Bool, now: @autoclosure () -> UInt64) -> Action {
        self.writeDeadline = 0
        switch self.state {
        case .closing: break
        case .handedOver(closing: true) where handlerIdle: break
        default: return .none
        }
        if self.peerClosed || self.resetOnClose { return .close }
        self.state = .lingering
        self.readPaused = false
        self.deadline = now() &+ self.timeouts.linger
        return .linger
    }

    // MARK: Deadlines

    /// The sweep found `hasExpired`. `handlerBusy`: a takeover handler has streams in flight, which
    /// keep an HTTP/2 connection open past its idle deadline.
    mutating func deadlinePassed(now: UInt64, handlerBusy: Bool) -> Action {
        if self.writeDeadline != 0 && self.writeDeadline <= now { return .closeUnread }
        guard self.deadline != 0 && self.deadline <= now else { return .none }
        switch self.state {
        case .readingHead, .readingBody:
            let phase: Phase = self.state == .readingHead ? .header : .body
            self.requestRejected()
            return .requestTimedOut(phase)
        case .awaitingReply(let token):
            self.state = .responding
            self.deadline = 0
            return .replyTimedOut(token: token)
        case .handedOver where handlerBusy:
            self.deadline = now &+ self.timeouts.idle
            return .none
        case .detectingProtocol, .idle, .closing, .handedOver, .lingering:
            return .close
        case .responding, .closed:
            return .none
        }
    }

    // MARK: Takeover and closing

    /// Another protocol's handler took the connection over (by preface or by Upgrade).
    mutating func handedOver(now: UInt64) {
        switch self.state {
        case .detectingProtocol, .responding:
            self.state = .handedOver(closing: false)
            self.deadline = now &+ self.timeouts.idle
        default:
            return
        }
    }

    /// The handler received bytes: the idle deadline starts again.
    mutating func handlerActivity(now: UInt64) {
        guard case .handedOver = self.state else { return }
        self.deadline = now &+ self.timeouts.idle
    }

    /// The handler asked to close once its output is written and it has nothing in flight.
    mutating func handlerRequestedClose() {
        guard case .handedOver = self.state else { return }
        self.state = .handedOver(closing: true)
    }

    /// The socket was closed. False when it already was.
    mutating func closed() -> Bool {
        guard self.state != .closed else { return false }
        self.state = .closed
        self.deadline = 0
        self.writeDeadline = 0
        return true
    }
}
