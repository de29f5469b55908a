// SPDX-License-Identifier: Apache-2.0
import Glibc

// The probe's wire pieces, apart from its flow: the endpoint parsed from `--url`, the response read back, the
// deadline every step shares.
extension Health {
    /// The probed server, split from `--url` or built from the port.
    struct Endpoint {
        /// For `getaddrinfo`: a name or an address, without the brackets of an IPv6 literal.
        let host: String
        let port: UInt16
        /// For the `Host` header: `host[:port]` as the URL spelled it.
        let authority: String
        /// The URL's path without its trailing slashes; the probe appends `/_mock/health` (see `target`).
        let prefix: String

        init(host: String, port: UInt16, authority: String, path: String) {
            self.host = host
            self.port = port
            self.authority = authority
            var prefix = Substring(path)
            while prefix.hasSuffix("/") { prefix = prefix.dropLast() }
            self.prefix = String(prefix)
        }

        /// `http://HOST[:PORT][/PATH]`; nil when it is not that (another scheme, a query, no host, a bad port).
        init?(url: String) {
            guard url.lowercased().hasPrefix("http://") else { return nil }
            let rest = url.dropFirst("http://".count)
            guard !rest.contains("?"), !rest.contains("#") else { return nil }
            let authority = rest.prefix { $0 != "/" }
            let path = rest[authority.endIndex...]
            guard !authority.isEmpty, !authority.contains("@") else { return nil }
            var host: Substring
            var portText: Substring?
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else { return nil }
                host = authority[authority.index(after: authority.startIndex)..<close]
                let after = authority[authority.index(after: close)...]
                if !after.isEmpty {
                    guard after.hasPrefix(":") else { return nil }
                    portText = after.dropFirst()
                }
            } else if let colon = authority.firstIndex(of: ":") {
                host = authority[..<colon]
                portText = authority[authority.index(after: colon)...]
            } else {
                host = authority
            }
            guard !host.isEmpty else { return nil }
            var port: UInt16 = 80
            if let portText {
                guard let number = UInt16(portText), number > 0 else { return nil }
                port = number
            }
            self.init(host: String(host), port: port, authority: String(authority), path: String(path))
        }

        /// The request target: the prefix, then `/_mock/health` unless the prefix already ends with it.
        var path: String {
            self.prefix.hasSuffix("/_mock/health") ? self.prefix : self.prefix + "/_mock/health"
        }

        /// What the failure line names.
        var url: String {
            "http://\(self.authority)\(self.path)"
        }
    }

    /// An HTTP/1.x response: status, reason phrase and the body (de-chunked).
    struct Response {
        let status: Int
        let reason: String
        let body: [UInt8]

        enum Parse {
            case complete(Response)
            case incomplete
            case invalid(String)
        }

        /// Parses what has arrived; `closed` when the server closed, which ends a body without a length.
        static func parse(_ bytes: [UInt8], closed: Bool) -> Parse {
            guard let end = Self.find([13, 10, 13, 10], in: bytes, from: 0) else { return .incomplete }
            let head = String(decoding: bytes[..<end], as: UTF8.self)
            let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
            let statusLine = lines[0]
            let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let status = Int(parts[1])
            else {
                return .invalid("not an HTTP/1.x response: \(Health.excerpt(String(statusLine)))")
            }
            let reason = parts.count > 2 ? String(parts[2]) : ""
            var length: Int?
            var chunked = false
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
                if name == "content-length" {
                    guard let number = Int(value), number >= 0 else { return .invalid("bad Content-Length \(value)") }
                    length = number
                } else if name == "transfer-encoding" {
                    chunked = value.lowercased().hasSuffix("chunked")
                }
            }
            let body = Array(bytes[(end + 4)...])
            if chunked {
                guard let decoded = Self.dechunk(body) else {
                    return closed ? .invalid("bad chunked body") : .incomplete
                }
                return .complete(Response(status: status, reason: reason, body: decoded))
            }
            if let length {
                guard body.count >= length else { return .incomplete }
                return .complete(Response(status: status, reason: reason, body: Array(body.prefix(length))))
            }
            if status == 204 || status == 304 || (100..<200).contains(status) {
                return .complete(Response(status: status, reason: reason, body: []))
            }
            return closed ? .complete(Response(status: status, reason: reason, body: body)) : .incomplete
        }

        /// A whole chunked body, or nil while its last chunk has not arrived (or it is malformed).
        static func dechunk(_ bytes: [UInt8]) -> [UInt8]? {
            var out: [UInt8] = []
            var index = 0
            while true {
                guard let lineEnd = Self.find([13, 10], in: bytes, from: index) else { return nil }
                let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).prefix { $0 != ";" }
                guard let size = Int(sizeText.trimmingCharacters(in: " \t"), radix: 16), size >= 0 else { return nil }
                let start = lineEnd + 2
                if size == 0 { return out }
                guard bytes.count >= start + size + 2 else { return nil }
                out += bytes[start..<(start + size)]
                index = start + size + 2
            }
        }

        static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
            guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
            for index in start...(bytes.count - needle.count)
            where bytes[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            return nil
        }
    }

    /// A point on the monotonic clock `timeout` seconds from now.
    struct Deadline {
        let end: Double

        init(seconds: Double) {
            self.end = Self.now() + seconds
        }

        /// Milliseconds left, rounded up, for `poll`; 0 once passed.
        var remainingMilliseconds: Int32 {
            let left = self.end - Self.now()
            return left <= 0 ? 0 : Int32(min((left * 1000).rounded(.up), Double(Int32.max)))
        }

        static func now() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
    }
}

extension StringProtocol {
    /// Without the `\r` and `\n` at its end.
    var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text = text.dropLast() }
        return String(text)
    }

    /// Without the given characters at either end (no Foundation).
    func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
