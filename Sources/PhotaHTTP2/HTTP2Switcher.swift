// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// Serves HTTP/2 over cleartext TCP (h2c) on the HTTP/1.1 port: a connection that opens with the
/// HTTP/2 preface (prior knowledge), or an HTTP/1.1 request asking `Upgrade: h2c` with one valid
/// `HTTP2-Settings` field (RFC 7540 §3.2), is handed to an `HTTP2Connection`.
public struct HTTP2Switcher: ProtocolSwitcher {
    /// `SETTINGS_MAX_CONCURRENT_STREAMS` announced to every client.
    public let maxConcurrentStreams: UInt32

    /// - Parameter maxConcurrentStreams: streams a client may have open at once (RFC 9113 §5.1.2).
    public init(maxConcurrentStreams: UInt32 = 128) {
        self.maxConcurrentStreams = maxConcurrentStreams
    }

    /// The client connection preface (RFC 9113 §3.4).
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    /// True for the HTTP/2 preface, false for an HTTP/1.x request line, nil while undecided.
    ///
    /// The port speaks both protocols, so bytes that are neither (a first line that does not end in
    /// `HTTP/d.d`) go to HTTP/2 too, which treats them as an invalid preface: a connection error
    /// of type PROTOCOL_ERROR (RFC 9113 §3.4), rather than an HTTP/1.1 400 that an HTTP/2 client
    /// could not read.
    public func matchesPreface(_ bytes: UnsafeRawBufferPointer) -> Bool? {
        let count = min(bytes.count, Self.preface.count)
        var isPrefix = true
        for index in 0..<count where bytes[index] != Self.preface[index] {
            isPrefix = false
            break
        }
        if isPrefix { return count == Self.preface.count ? true : nil }
        return Self.isNeitherHTTP1NorPreface(bytes)
    }

    /// Whether a first line that is not the preface is so far from HTTP/1.x that it can only be a
    /// broken HTTP/2 preface (RFC 9113 §3.4: answered with GOAWAY PROTOCOL_ERROR). A line that names a
    /// standard method or holds an `HTTP/` version is HTTP/1.1's to answer, however malformed, so an
    /// HTTP/1.1 client always gets a readable 400; nil while the line is incomplete.
    static func isNeitherHTTP1NorPreface(_ bytes: UnsafeRawBufferPointer) -> Bool? {
        var lineEnd = 0
        while lineEnd < bytes.count && bytes[lineEnd] != 0x0D && bytes[lineEnd] != 0x0A { lineEnd += 1 }
        var firstSpace = 0
        while firstSpace < lineEnd && bytes[firstSpace] != 0x20 { firstSpace += 1 }
        if firstSpace < lineEnd, Self.methods.contains(Array(bytes[0..<firstSpace])) { return false }
        guard lineEnd < bytes.count else { return bytes.count > Self.longestFirstLine ? false : nil }
        if lineEnd == 0 { return false }  // an empty line before the request line (RFC 9112 §2.2)
        let version = Array("HTTP/".utf8)
        let line = Array(bytes[0..<lineEnd])
        return !(0...max(0, line.count - version.count)).contains {
            line.count >= version.count && Array(line[$0..<($0 + version.count)]) == version
        }
    }

    static let longestFirstLine = 8 * 1024
    private static let methods: Set<[UInt8]> = Set(
        ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"].map { Array($0.utf8) }
    )

    public func acceptsUpgrade(_ request: HTTPRequest) -> Bool {
        Self.upgradeSettings(request) != nil
    }

    public func makeHandler(io: any ConnectionIO, upgradeRequest: HTTPRequest?) -> (any ConnectionHandler)? {
        guard let request = upgradeRequest else {
            return HTTP2Connection(io: io, maxConcurrentStreams: self.maxConcurrentStreams, upgrade: nil)
        }
        guard let settings = Self.upgradeSettings(request) else { return nil }
        return HTTP2Connection(io: io, maxConcurrentStreams: self.maxConcurrentStreams, upgrade: (request, settings))
    }

    /// The decoded `HTTP2-Settings` payload when `request` asks for h2c properly: `Upgrade` lists
    /// `h2c`, `Connection` lists `Upgrade` and `HTTP2-Settings`, and exactly one `HTTP2-Settings`
    /// field holds base64url. Anything less is served as plain HTTP/1.1 (RFC 7540 §3.2.1: the
    /// server MUST NOT upgrade then). A request with a body is upgraded too: the HTTP/1.1 parser
    /// has already read the whole body, so stream 1 carries it.
    static func upgradeSettings(_ request: HTTPRequest) -> [UInt8]? {
        // Asked of every HTTP/1.1 request: one field lookup before any token list is built.
        guard request.version == .http1_1, request.headers["upgrade"] != nil else { return nil }
        let upgrades = Self.tokens(request.headers.values("upgrade"))
        guard upgrades.contains("h2c") else { return nil }
        let connection = Self.tokens(request.headers.values("connection"))
        guard connection.contains("upgrade"), connection.contains("http2-settings") else { return nil }
        let settings = request.headers.values("http2-settings")
        guard settings.count == 1 else { return nil }
        guard let payload = Base64URL.decode(settings[0]), payload.count % 6 == 0 else { return nil }
        return payload
    }

    private static func tokens(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: " \t").lowercased()
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
