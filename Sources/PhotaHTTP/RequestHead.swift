// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#endif

/// How the body of a request is delimited (RFC 9112 §6.3).
enum BodyFraming: Sendable, Equatable {
    case none
    case length(Int)
    case chunked
}

/// A parsed request line and header section, with the framing decisions made.
struct RequestHead: Sendable {
    var method: String
    var rawTarget: String
    var target: RequestTarget.Parts
    var version: HTTPVersion
    var headers: HTTPHeaders
    var framing: BodyFraming
    var expectsContinue: Bool

    /// Parses `bytes`: the request line and header lines, each ending in CRLF, then the empty line.
    static func parse(_ bytes: UnsafeRawBufferPointer, limits: ServerLimits) throws(HTTPParseError) -> RequestHead {
        var lines = LineIterator(bytes: bytes)
        guard let requestLine = lines.next() else { throw .bad("Missing request line.") }
        let (method, targetBytes, version) = try Self.parseRequestLine(requestLine)
        var headers = HTTPHeaders()
        while let line = lines.next(), line.count > 0 {
            if headers.count >= limits.maxHeaderCount {
                throw HTTPParseError(.headersTooLarge, "More than \(limits.maxHeaderCount) header fields.")
            }
            let (name, value) = try Self.parseField(line)
            headers.addLowercased(name: name, value: value)
        }
        var head = RequestHead(
            method: method,
            rawTarget: String(decoding: targetBytes, as: UTF8.self),
            target: try RequestTarget.parse(targetBytes, method: method),
            version: version,
            headers: headers,
            framing: .none,
            expectsContinue: false
        )
        try head.decideFraming()
        try head.checkHostAndExpect()
        return head
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3), with exactly one space between parts.
    private static func parseRequestLine(
        _ line: UnsafeRawBufferPointer
    ) throws(HTTPParseError) -> (String, UnsafeRawBufferPointer, HTTPVersion) {
        var firstSpace = 0
        while firstSpace < line.count && line[firstSpace] != UInt8(ascii: " ") {
            guard CharacterClass.isTokenByte(line[firstSpace]) else { throw .bad("Invalid character in method.") }
            firstSpace += 1
        }
        guard firstSpace > 0, firstSpace < line.count else { throw .bad("Malformed request line.") }
        var secondSpace = firstSpace + 1
        while secondSpace < line.count && line[secondSpace] != UInt8(ascii: " ") {
            let byte = line[secondSpace]
            guard byte > 0x20 && byte != 0x7F else { throw .bad("Invalid character in request target.") }
            secondSpace += 1
        }
        guard secondSpace > firstSpace + 1, secondSpace < line.count else { throw .bad("Malformed request line.") }
        let method = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<firstSpace]), as: UTF8.self)
        let target = UnsafeRawBufferPointer(rebasing: line[(firstSpace + 1)..<secondSpace])
        let version = try Self.parseVersion(UnsafeRawBufferPointer(rebasing: line[(secondSpace + 1)...]))
        return (method, target, version)
    }

    /// `HTTP/1.1` and `HTTP/1.0` are served; any other well-formed version is 505, anything else 400.
    private static func parseVersion(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPVersion {
        let digit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard bytes.count == 8, bytes.starts(with: "HTTP/".utf8), digit(bytes[5]), bytes[6] == UInt8(ascii: "."),
            digit(bytes[7])
        else { throw .bad("Malformed HTTP version.") }
        if bytes[5] == UInt8(ascii: "1") && bytes[7] == UInt8(ascii: "1") { return .http1_1 }
        if bytes[5] == UInt8(ascii: "1") && bytes[7] == UInt8(ascii: "0") { return .http1_0 }
        throw HTTPParseError(.versionNotSupported, "HTTP version not supported.")
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5); trailer fields are read with it too.
    static func parseField(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> (String, String) {
        let first = line[0]
        // RFC 9112 §5.2: obs-fold is rejected with 400 when not inside a message/http container.
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { throw .bad("Obsolete line folding in header.") }
        var colon = 0
        while colon < line.count && line[colon] != UInt8(ascii: ":") {
            // RFC 9112 §5.1: no whitespace is allowed between the field name and the colon.
            guard CharacterClass.isTokenByte(line[colon]) else { throw .bad("Invalid character in header name.") }
            colon += 1
        }
        guard colon > 0, colon < line.count else { throw .bad("Malformed header field.") }
        var start = colon + 1
        var end = line.count
        while start < end && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        while end > start && (line[end - 1] == 0x20 || line[end - 1] == 0x09) { end -= 1 }
        for index in start..<end where !CharacterClass.isFieldValueByte(line[index]) {
            throw .bad("Invalid character in header value.")
        }
        let name = CharacterClass.lowercasedString(UnsafeRawBufferPointer(rebasing: line[0..<colon]))
        let value = String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
        return (name, value)
    }

    /// RFC 9112 §6.1–6.3: Transfer-Encoding beats Content-Length, and a request with both is refused
    /// outright because it is the classic request-smuggling vector.
    private mutating func decideFraming() throws(HTTPParseError) {
        // A request without a body (most of them) has neither field: two lookups, no lists.
        if self.headers["transfer-encoding"] == nil && self.headers["content-length"] == nil { return }
        // One Content-Length with one value (every ordinary body): read as the list below would, without the list.
        if self.headers["transfer-encoding"] == nil, self.headers.count(of: "content-length") == 1,
            let field = self.headers["content-length"], !field.utf8.contains(UInt8(ascii: ","))
        {
            guard let parsed = Self.parseLength(Substring(field).trimmingASCIIWhitespace()) else {
                throw .bad("Invalid Content-Length.")
            }
            self.framing = parsed == 0 ? .none : .length(parsed)
            return
        }
        let transferEncodings = self.headers.values("transfer-encoding")
        let lengths = self.headers.values("content-length")
        if !transferEncodings.isEmpty {
            guard lengths.isEmpty else { throw .bad("Both Transfer-Encoding and Content-Length are present.") }
            guard self.version == .http1_1 else { throw .bad("Transfer-Encoding in an HTTP/1.0 request.") }
            let codings = transferEncodings.flatMap { $0.split(separator: ",") }.map {
                $0.trimmingASCIIWhitespace().lowercased()
            }
            guard codings.last == "chunked" else { throw .bad("Transfer-Encoding must end with chunked.") }
            guard codings.count == 1 else {
                if codings.dropLast().contains("chunked") { throw .bad("chunked applied more than once.") }
                throw HTTPParseError(.notImplemented, "Unsupported transfer coding.")
            }
            self.framing = .chunked
            return
        }
        guard !lengths.isEmpty else { return }
        var value: Int?
        for part in lengths.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let trimmed = part.trimmingASCIIWhitespace()
            guard let parsed = Self.parseLength(trimmed) else { throw .bad("Invalid Content-Length.") }
            if let previous = value, previous != parsed { throw .bad("Conflicting Content-Length values.") }
            value = parsed
        }
        self.framing = value == 0 ? .none : .length(value ?? 0)
    }

    /// Decimal digits only, at most 18 of them (so no overflow): `+5`, `-1`, `0x10` and `1e3` are refused.
    private static func parseLength(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18 else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private mutating func checkHostAndExpect() throws(HTTPParseError) {
        // RFC 9112 §3.2: a server MUST respond 400 to an HTTP/1.1 request lacking Host, with more
        // than one, or with one whose value is not `uri-host [ ":" port ]`.
        let hosts = self.headers.count(of: "host")
        if hosts > 1 || (self.version == .http1_1 && hosts == 0) {
            throw .bad("An HTTP/1.1 request needs exactly one Host header.")
        }
        if var host = self.headers["host"], !host.withUTF8({ AuthoritySyntax.isValid(UnsafeRawBufferPointer($0)) }) {
            throw .bad("Invalid Host header.")
        }
        guard self.headers["expect"] != nil else { return }
        // RFC 9110 §10.1.1: Expect is a list, and several fields are one list (§5.3). The only
        // expectation defined is 100-continue; a list with any other member (an empty one too) is
        // 417, however often 100-continue is repeated.
        let expectations = self.headers.values("expect").flatMap {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        guard !expectations.isEmpty else { return }
        for expectation in expectations where expectation.trimmingASCIIWhitespace().lowercased() != "100-continue" {
            throw HTTPParseError(HTTPStatus(417), "Only Expect: 100-continue is supported.")
        }
        self.expectsContinue = self.version == .http1_1 && self.framing != .none
    }
}

/// Iterates the CRLF-terminated lines of a head, yielding each without its CRLF.
private struct LineIterator {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    mutating func next() -> UnsafeRawBufferPointer? {
        // memchr to each LF, then a look at the byte before it: the head was scanned once already (`HeadScan`),
        // and a byte-by-byte search for CRLF cost as much again.
        guard let base = self.bytes.baseAddress else { return nil }
        var from = self.position + 1
        while from < self.bytes.count {
            guard let found = memchr(base + from, Int32(UInt8(ascii: "\n")), self.bytes.count - from) else {
                return nil
            }
            let index = base.distance(to: UnsafeRawPointer(found)) - 1
            if self.bytes[index] == UInt8(ascii: "\r") {
                let line = UnsafeRawBufferPointer(rebasing: self.bytes[self.position..<index])
                self.position = index + 2
                return line
            }
            from = index + 2
        }
        return nil
    }
}

extension Substring {
    func trimmingASCIIWhitespace() -> Substring {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
