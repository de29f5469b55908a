// SPDX-License-Identifier: Apache-2.0

/// What one call to `RequestParser.parse` found.
public enum ParseResult: Sendable {
    /// The request is not complete yet; call again with the same bytes plus more.
    case needMoreData
    /// A whole request; its bytes are the first `consumed` of the buffer.
    case complete(HTTPRequest, consumed: Int)
    /// The bytes are not a request this server accepts; answer with the error's status and close.
    case malformed(HTTPParseError)
}

/// An incremental HTTP/1.1 request parser that does no I/O (picohttpparser's contract).
///
/// The caller keeps the unconsumed bytes and passes all of them on every call, plus whatever has
/// arrived since; the parser remembers how far it has looked, so feeding a request byte by byte
/// costs the same as feeding it whole.
public struct RequestParser: Sendable {
    private let limits: ServerLimits
    private var state: State = .head
    private var scan = HeadScan()
    private var continuePending = false

    private enum State: Sendable {
        case head
        case fixedBody(RequestHead, bodyStart: Int, length: Int)
        case chunked(RequestHead, ChunkedDecoder)
    }

    public init(limits: ServerLimits = ServerLimits()) {
        self.limits = limits
    }

    /// True once, when a request head asking `Expect: 100-continue` has been read and its body has
    /// not: the caller then sends `100 Continue` (RFC 9110 §10.1.1).
    public mutating func takeContinueRequest() -> Bool {
        defer { self.continuePending = false }
        return self.continuePending
    }

    /// True while a request has started arriving but is not complete.
    public var isMidRequest: Bool {
        if case .head = self.state { return self.scan.position > 0 }
        return true
    }

    /// True once the current request's head is complete and only its body is outstanding.
    public var isReadingBody: Bool {
        if case .head = self.state { return false }
        return true
    }

    /// Parses as far as `bytes` allow.
    /// - Parameter bytes: every unconsumed byte of the connection, starting at a request boundary.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult {
        switch self.state {
        case .head:
            switch self.scan.advance(bytes, limits: self.limits) {
            case .needMoreData: return .needMoreData
            case .malformed(let error): return self.fail(error)
            case .complete(let headStart, let headEnd):
                let head: RequestHead
                do {
                    head = try RequestHead.parse(
                        UnsafeRawBufferPointer(rebasing: bytes[headStart..<headEnd]), limits: self.limits)
                } catch {
                    return self.fail(error)
                }
                return self.startBody(head, headEnd: headEnd, bytes)
            }
        case .fixedBody(let head, let start, let length):
            return self.finishFixed(head, start: start, length: length, bytes)
        case .chunked(let head, var decoder):
            switch decoder.advance(bytes, maxBody: self.limits.maxBodyBytes, maxTrailer: self.limits.maxHeaderBytes) {
            case .needMoreData:
                self.state = .chunked(head, decoder)
                return .needMoreData
            case .malformed(let error):
                return self.fail(error)
            case .complete(let end):
                return self.complete(head, body: decoder.body, consumed: end)
            }
        }
    }

    private mutating func startBody(_ head: RequestHead, headEnd: Int, _ bytes: UnsafeRawBufferPointer) -> ParseResult {
        switch head.framing {
        case .none:
            return self.complete(head, body: [], consumed: headEnd)
        case .length(let length):
            if length > self.limits.maxBodyBytes {
                return self.fail(
                    HTTPParseError(.contentTooLarge, "Request body is larger than \(self.limits.maxBodyBytes) bytes."))
            }
            self.continuePending = head.expectsContinue && bytes.count < headEnd + length
            return self.finishFixed(head, start: headEnd, length: length, bytes)
        case .chunked:
            self.state = .chunked(head, ChunkedDecoder(position: headEnd))
            self.continuePending = head.expectsContinue && bytes.count == headEnd
            return self.parse(bytes)
        }
    }

    private mutating func finishFixed(
        _ head: RequestHead, start: Int, length: Int, _ bytes: UnsafeRawBufferPointer
    ) -> ParseResult {
        guard bytes.count >= start + length else {
            self.state = .fixedBody(head, bodyStart: start, length: length)
            return .needMoreData
        }
        let body = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]))
        return self.complete(head, body: body, consumed: start + length)
    }

    private mutating func complete(_ head: RequestHead, body: [UInt8], consumed: Int) -> ParseResult {
        self.reset()
        let request = HTTPRequest(
            method: head.method,
            target: head.rawTarget,
            path: head.target.path,
            rawPath: head.target.rawPath,
            query: head.target.query,
            rawQuery: head.target.rawQuery,
            version: head.version,
            headers: head.headers,
            body: body
        )
        return .complete(request, consumed: consumed)
    }

    private mutating func fail(_ error: HTTPParseError) -> ParseResult {
        self.reset()
        return .malformed(error)
    }

    private mutating func reset() {
        self.state = .head
        self.scan = HeadScan()
        self.continuePending = false
    }
}
