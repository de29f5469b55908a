// SPDX-License-Identifier: Apache-2.0
internal import CNGHTTP2
import PhotaHTTP

/// One HTTP/2 connection: owns its `nghttp2_session`, assembles each stream's request, runs it
/// through the same responder as HTTP/1.1 and submits the response. Sans-I/O towards the socket:
/// bytes come in through `received` (`nghttp2_session_mem_recv`) and leave through `io.write`
/// (`nghttp2_session_mem_send`). Used only on the connection's event-loop thread, and never
/// re-entered: responses that arrive while nghttp2 is running a callback are only submitted, and
/// serialised by the next `pump`.
final class HTTP2Connection: ConnectionHandler {
    let io: any ConnectionIO
    let limits: ServerLimits
    /// Streams a client may have open at once; the one after is refused (`StreamLimit`).
    let maxConcurrentStreams: Int
    /// False until the preface's SETTINGS has left with the advertised stream limit written in.
    private var advertisedLimit = false
    var session: OpaquePointer?
    var streams: [Int32: HTTP2Stream] = [:]
    /// The highest client stream id a HEADERS frame has named, and the ids it skipped (they are
    /// closed and may never be opened, RFC 9113 §5.1.1). nghttp2 1.52 ignores HEADERS on such an
    /// id instead of treating it as a connection error, so this check is ours.
    private var highestStreamID: Int32 = -1
    private var skippedStreamIDs: [ClosedRange<Int32>] = []
    /// True while nghttp2 runs (a callback may not call back into the session's send or receive).
    private var insideSession = false
    /// The session ended (fatal error or GOAWAY done); the connection closes once flushed.
    private var terminated = false
    private var isClosed = false
    /// The HTTP/1.1 request that asked for h2c, until the client's SETTINGS has been received.
    var pendingUpgrade: HTTPRequest?

    /// Creates the session and queues the server preface. For an h2c upgrade, also writes the
    /// `101 Switching Protocols` and dispatches the upgrading request as stream 1.
    /// - Returns: nil when the upgrade's `HTTP2-Settings` payload is invalid (answered 400).
    init?(io: any ConnectionIO, maxConcurrentStreams: UInt32, upgrade: (request: HTTPRequest, settings: [UInt8])?) {
        self.io = io
        self.limits = io.limits
        self.maxConcurrentStreams = Int(maxConcurrentStreams)
        var session: OpaquePointer?
        guard
            nghttp2_session_server_new(&session, NGHTTP2Callbacks.table, Unmanaged.passUnretained(self).toOpaque()) == 0
        else { return nil }
        self.session = session
        if let upgrade {
            let isHead: Int32 = upgrade.request.method == "HEAD" ? 1 : 0
            let result = upgrade.settings.withUnsafeBufferPointer {
                nghttp2_session_upgrade2(session, $0.baseAddress, $0.count, isHead, nil)
            }
            guard result == 0 else {
                nghttp2_session_del(session)
                self.session = nil
                self.isClosed = true
                return nil
            }
            let switching = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"
            Array(switching.utf8).withUnsafeBytes { io.write($0) }
        }
        var settings = [
            // nghttp2 hears a limit no client reaches; the wire carries the real one (`StreamLimit`).
            nghttp2_settings_entry(
                settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue), value: StreamLimit.sessionLimit),
            nghttp2_settings_entry(
                settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue),
                value: UInt32(clamping: self.limits.maxHeaderBytes)),
        ]
        nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &settings, settings.count)
        if let upgrade {
            self.highestStreamID = 1
            let stream = HTTP2Stream(id: 1)
            stream.method = upgrade.request.method
            stream.requestComplete = true
            self.streams[1] = stream
            var request = upgrade.request
            request.version = .http2
            for name in [
                "connection", "upgrade", "http2-settings", "keep-alive", "proxy-connection", "transfer-encoding",
            ] {
                request.headers.remove(name: name)
            }
            // Answered once the client's preface arrives, not with the 101: some clients (curl
            // 7.88) cannot hold more than 32 KiB that follows the 101 in one read.
            self.pendingUpgrade = request
        }
        self.pump()
    }

    deinit {
        if let session = self.session { nghttp2_session_del(session) }
    }

    // MARK: ConnectionHandler

    func received(_ bytes: UnsafeRawBufferPointer) {
        guard let session = self.session, !self.terminated else { return }
        self.insideSession = true
        let result = nghttp2_session_mem_recv(
            session, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
        self.insideSession = false
        if result < 0 {
            // A connection error (bad preface, flood, …): GOAWAY with PROTOCOL_ERROR unless nghttp2
            // has queued its own, send what is queued, then close.
            nghttp2_session_terminate_session(session, NGHTTP2_PROTOCOL_ERROR.rawValue)
            self.pump()
            self.terminate()
            return
        }
        self.pump()
    }

    func closed() {
        guard !self.isClosed else { return }
        self.isClosed = true
        self.streams.removeAll()
        if let session = self.session {
            nghttp2_session_del(session)
            self.session = nil
        }
    }

    func shutdownRequested() {
        guard let session = self.session, !self.terminated else { return }
        // GOAWAY naming the last stream processed: those streams finish, newer ones are refused.
        nghttp2_submit_goaway(
            session, UInt8(NGHTTP2_FLAG_NONE.rawValue), nghttp2_session_get_last_proc_stream_id(session),
            NGHTTP2_NO_ERROR.rawValue, nil, 0
        )
        self.pump()
    }

    func writable() {
        self.pump()
    }

    var isIdle: Bool {
        self.isClosed || self.terminated || self.streams.isEmpty
    }

    // MARK: Sending

    /// Serialises every frame nghttp2 has ready into the connection's output. nghttp2 sends DATA
    /// only as the peer's flow-control windows allow; a WINDOW_UPDATE read later reopens them, and
    /// the `pump` after that read continues the body.
    func pump() {
        guard let session = self.session, !self.insideSession else { return }
        self.insideSession = true
        while true {
            var data: UnsafePointer<UInt8>?
            let count = nghttp2_session_mem_send(session, &data)
            if count < 0 {
                self.insideSession = false
                self.terminate()
                return
            }
            guard count > 0, let data else { break }
            if !self.advertisedLimit {
                var frames = Array(UnsafeBufferPointer(start: data, count: count))
                self.advertisedLimit = StreamLimit.rewriteAdvertised(in: &frames, to: UInt32(self.maxConcurrentStreams))
                frames.withUnsafeBytes { self.io.write($0) }
                continue
            }
            self.io.write(UnsafeRawBufferPointer(start: data, count: count))
        }
        self.insideSession = false
        if nghttp2_session_want_read(session) == 0 && nghttp2_session_want_write(session) == 0 {
            self.terminate()
        }
    }

    private func terminate() {
        guard !self.terminated else { return }
        self.terminated = true
        self.io.closeAfterFlush()
    }

    /// A connection error we detect ourselves: GOAWAY with `code`, then close.
    private func connectionError(_ code: nghttp2_error_code) {
        guard let session = self.session else { return }
        nghttp2_session_terminate_session(session, code.rawValue)
    }

    // MARK: Receiving (nghttp2 callbacks)

    func onBeginFrame(_ header: nghttp2_frame_hd) -> Int32 {
        guard header.type == UInt8(NGHTTP2_HEADERS.rawValue), header.stream_id & 1 == 1 else { return 0 }
        let id = header.stream_id
        if id > self.highestStreamID {
            if id > self.highestStreamID + 2 {
                self.skippedStreamIDs.append((self.highestStreamID + 2)...(id - 2))
                // Bounded memory: only recent gaps are remembered, which covers reordering in practice.
                if self.skippedStreamIDs.count > 64 { self.skippedStreamIDs.removeFirst() }
            }
            self.highestStreamID = id
        } else if self.streams[id] == nil, self.skippedStreamIDs.contains(where: { $0.contains(id) }) {
            // RFC 9113 §5.1.1: a new stream id must exceed every id opened or skipped before it.
            self.connectionError(NGHTTP2_PROTOCOL_ERROR)
        }
        return 0
    }

    func onBeginHeaders(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 {
        guard frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue),
            frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST
        else { return 0 }
        let id = frame.pointee.hd.stream_id
        if self.streams.count >= self.maxConcurrentStreams, let session = self.session {
            // RFC 9113 §5.1.2: a stream over the advertised limit is a stream error; this one is
            // refused (the client may retry it) and the others go on. Its header block is still
            // decoded by nghttp2 (HPACK state), and its callbacks find no stream and do nothing.
            nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), id, NGHTTP2_REFUSED_STREAM.rawValue)
            return 0
        }
        self.streams[id] = HTTP2Stream(id: id)
        return 0
    }

    func onHeader(
        _ frame: UnsafePointer<nghttp2_frame>, name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer
    ) -> Int32 {
        guard let stream = self.streams[frame.pointee.hd.stream_id], !stream.responded else { return 0 }
        stream.headerListSize += name.count + value.count + 32
        if stream.headerListSize > self.limits.maxHeaderBytes {
            stream.rejection =
                stream.rejection ?? (
                    .headersTooLarge, "Header list is larger than \(self.limits.maxHeaderBytes) bytes."
                )
            return 0
        }
        // Trailers count against the limits but are not passed on (HTTP/1.1 drops them too).
        guard frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST else { return 0 }
        // nghttp2 has already checked pseudo-header names, order and values (RFC 9113 §8.3).
        if name.first == UInt8(ascii: ":") {
            switch String(decoding: name, as: UTF8.self) {
            case ":method": stream.method = String(decoding: value, as: UTF8.self)
            case ":path": stream.path = String(decoding: value, as: UTF8.self)
            case ":authority": stream.authority = String(decoding: value, as: UTF8.self)
            default: break
            }
            return 0
        }
        if stream.headers.count >= self.limits.maxHeaderCount {
            stream.rejection =
                stream.rejection ?? (.headersTooLarge, "More than \(self.limits.maxHeaderCount) header fields.")
            return 0
        }
        let fieldName = String(decoding: name, as: UTF8.self)
        let fieldValue = String(decoding: value, as: UTF8.self)
        // RFC 9113 §8.2.3: cookie crumbs are joined with "; " before reaching an HTTP/1.1-style handler.
        if fieldName == "cookie", let previous = stream.headers["cookie"] {
            stream.headers.replaceOrAdd(name: "cookie", value: previous + "; " + fieldValue)
        } else {
            stream.headers.add(name: fieldName, value: fieldValue)
        }
        return 0
    }

    func onData(streamID: Int32, _ data: UnsafeRawBufferPointer) -> Int32 {
        guard let stream = self.streams[streamID], !stream.responded, stream.rejection == nil else { return 0 }
        if stream.body.count + data.count > self.limits.maxBodyBytes {
            stream.body = []
            self.reject(stream, .contentTooLarge, "Request body is larger than \(self.limits.maxBodyBytes) bytes.")
            return 0
        }
        stream.body.append(contentsOf: data)
        return 0
    }

    func onFrameReceived(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 {
        let header = frame.pointee.hd
        let endStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
        switch UInt32(header.type) {
        case NGHTTP2_HEADERS.rawValue:
            guard let stream = self.streams[header.stream_id] else { return 0 }
            if frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST {
                self.headersComplete(stream)
            }
            if endStream { self.requestComplete(stream) }
        case NGHTTP2_SETTINGS.rawValue:
            if let request = self.pendingUpgrade, let stream = self.streams[1] {
                self.pendingUpgrade = nil
                self.dispatch(request, on: stream)
            }
        case NGHTTP2_DATA.rawValue:
            guard endStream, let stream = self.streams[header.stream_id] else { return 0 }
            self.requestComplete(stream)
        default:
            break
        }
        return 0
    }

    func onFrameSent(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 {
        let header = frame.pointee.hd
        guard header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0,
            header.type == UInt8(NGHTTP2_HEADERS.rawValue) || header.type == UInt8(NGHTTP2_DATA.rawValue),
            let stream = self.streams[header.stream_id], !stream.requestComplete, let session = self.session
        else { return 0 }
        // RFC 9113 §8.1: the response went out before the request finished (413, 431): ask the
        // client to stop sending, without error.
        nghttp2_submit_rst_stream(
            session, UInt8(NGHTTP2_FLAG_NONE.rawValue), header.stream_id, NGHTTP2_NO_ERROR.rawValue)
        return 0
    }

    func onStreamClosed(_ streamID: Int32) -> Int32 {
        self.streams[streamID] = nil
        return 0
    }
}
