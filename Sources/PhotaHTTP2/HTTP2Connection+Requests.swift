// SPDX-License-Identifier: Apache-2.0
internal import CNGHTTP2
import PhotaHTTP
import PhotaNet

/// Requests and responses on a stream: limits judged from the header block, the dispatch through the
/// shared responder, and the response with its body fed to nghttp2 as the flow-control window allows.
extension HTTP2Connection {

    /// Limits that can be judged from the header block alone are answered at once.
    func headersComplete(_ stream: HTTP2Stream) {
        // A body that trickles in holds its stream, as on HTTP/1.1: the whole of it gets `bodyTimeout`.
        stream.bodyDeadline = MonotonicTime.now() &+ self.limits.bodyTimeout.nanoseconds
        if let rejection = stream.rejection {
            self.reject(stream, rejection.status, rejection.detail)
            return
        }
        if let length = stream.headers["content-length"], let value = Int(length), value > self.limits.maxBodyBytes {
            self.reject(stream, .contentTooLarge, "Request body is larger than \(self.limits.maxBodyBytes) bytes.")
        }
    }

    func requestComplete(_ stream: HTTP2Stream) {
        stream.requestComplete = true
        stream.bodyDeadline = nil
        guard !stream.responded else { return }
        if let rejection = stream.rejection {
            self.reject(stream, rejection.status, rejection.detail)
            return
        }
        // The same path and query decoding as HTTP/1.1 (`:path` is origin-form, or `*` for OPTIONS).
        let parsed = Array(stream.path.utf8).withUnsafeBytes { bytes in
            Result { () throws(HTTPParseError) -> RequestTarget.Parts in
                try RequestTarget.parse(bytes, method: stream.method)
            }
        }
        guard case .success(let target) = parsed else {
            if case .failure(let error) = parsed { self.reject(stream, error.status, error.reason) }
            return
        }
        var headers = stream.headers
        if headers["host"] == nil, let authority = stream.authority {
            // Handlers read `Host` as in HTTP/1.1; HTTP/2 carries it as `:authority` (RFC 9113 §8.3.1).
            var withHost = HTTPHeaders()
            withHost.add(name: "host", value: authority)
            for field in headers { withHost.add(name: field.name, value: field.value) }
            headers = withHost
        }
        let request = HTTPRequest(
            method: stream.method, target: stream.path, path: target.path, rawPath: target.rawPath, query: target.query,
            rawQuery: target.rawQuery, version: .http2,
            headers: headers, body: stream.body
        )
        stream.body = []
        self.dispatch(request, on: stream)
    }

    func dispatch(_ request: HTTPRequest, on stream: HTTP2Stream) {
        let id = stream.id
        self.io.dispatch(request) { [weak self] response, requestID in
            self?.respond(streamID: id, response, requestID: requestID)
        }
    }

    /// Answers `408` on every stream whose body is late; the answer is followed by `RST_STREAM NO_ERROR`
    /// (see `onFrameSent`), and the connection's other streams go on.
    func deadlinesPassed(now: UInt64) {
        let late = self.streams.values.filter { stream in
            !stream.responded && stream.bodyDeadline.map { $0 <= now } ?? false
        }
        for stream in late {
            stream.bodyDeadline = nil
            self.reject(stream, .requestTimeout, "Request body was not received in time.")
        }
        if !late.isEmpty { self.pump() }
    }

    func reject(_ stream: HTTP2Stream, _ status: HTTPStatus, _ detail: String) {
        let (response, requestID) = self.io.errorResponse(status, detail)
        self.respond(streamID: stream.id, response, requestID: requestID)
    }

    /// Submits a response: `:status`, `date`, then the fields HTTP/1.1 would send (shared with its
    /// encoder), less the connection-specific ones HTTP/2 forbids (RFC 9113 §8.2.2).
    func respond(streamID: Int32, _ response: HTTPResponse, requestID: String) {
        guard let session = self.session, let stream = self.streams[streamID], !stream.responded else { return }
        stream.responded = true
        if response.delivery != .normal {
            // A deliberately broken answer (fault injection): HTTP/2 loses a stream, not the connection.
            nghttp2_submit_rst_stream(
                session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, NGHTTP2_INTERNAL_ERROR.rawValue)
            self.pump()
            return
        }
        var fields: [(String, String)] = [
            (":status", String(response.status.code)), ("date", String(decoding: self.io.date, as: UTF8.self)),
        ]
        ResponseEncoder.forEachField(of: response, requestID: requestID) { name, value in
            switch name {
            case "transfer-encoding", "keep-alive", "upgrade", "proxy-connection": return
            default: fields.append((name, value))
            }
        }
        let code = response.status.code
        let hasBody = stream.method != "HEAD" && code != 204 && code != 304 && !response.body.isEmpty
        if hasBody { stream.responseBody = response.body }
        Self.withHeaderList(fields) { list, count in
            if hasBody {
                var provider = nghttp2_data_provider(
                    source: nghttp2_data_source(ptr: nil), read_callback: NGHTTP2Callbacks.readBody)
                nghttp2_submit_response(session, streamID, list, count, &provider)
            } else {
                nghttp2_submit_response(session, streamID, list, count, nil)
            }
        }
        self.pump()
    }

    func readBody(
        streamID: Int32, into buffer: UnsafeMutablePointer<UInt8>, length: Int, flags: UnsafeMutablePointer<UInt32>
    ) -> Int {
        guard let stream = self.streams[streamID] else { return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
        let count = min(length, stream.responseBody.count - stream.responseOffset)
        stream.responseBody.withUnsafeBytes { body in
            UnsafeMutableRawPointer(buffer).copyMemory(
                from: body.baseAddress! + stream.responseOffset, byteCount: count)
        }
        stream.responseOffset += count
        if stream.responseOffset == stream.responseBody.count {
            flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
            stream.responseBody = []
            stream.responseOffset = 0
        }
        return count
    }

    /// Lays the fields out in one buffer and passes nghttp2 a `nghttp2_nv` array pointing into it;
    /// nghttp2 copies names and values during submit, so the buffer need not outlive the call.
    private static func withHeaderList(_ fields: [(String, String)], _ body: (UnsafePointer<nghttp2_nv>, Int) -> Void) {
        var storage: [UInt8] = []
        var spans: [(Int, Int, Int, Int)] = []
        for (name, value) in fields {
            let nameStart = storage.count
            storage.append(contentsOf: name.utf8)
            let valueStart = storage.count
            storage.append(contentsOf: value.utf8)
            spans.append((nameStart, valueStart - nameStart, valueStart, storage.count - valueStart))
        }
        storage.append(0)  // never empty, so the base address is never nil
        storage.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            let list = spans.map { span in
                nghttp2_nv(
                    name: base + span.0, value: base + span.2, namelen: span.1, valuelen: span.3,
                    flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue)
                )
            }
            list.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
        }
    }
}
