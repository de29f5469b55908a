// SPDX-License-Identifier: Apache-2.0
import Glibc

/// `phota-mock health [--url URL | --port N] [--timeout SECONDS]`: asks a running server for `GET /_mock/health`
/// and exits 0 when it answers `200 {"status":"ok"}`, else prints one line why on stderr and exits 1.
///
/// A container's `HEALTHCHECK` runs it, so it needs nothing the image lacks: a plain POSIX socket, HTTP/1.1 written
/// by hand, no libcurl (never loaded) and no Foundation.
struct Health {
    /// Where to ask: the host as given, the port, the `Host` header and the request target.
    let endpoint: Endpoint
    /// Seconds the whole probe may take: resolving, connecting, sending, reading.
    let timeout: Double

    static let usage = """
        USAGE: phota-mock health [--url URL | --port PORT] [--timeout SECONDS]

        Asks a running phota-mock for GET /_mock/health over plain HTTP/1.1 and exits 0 when it answers
        200 {"status":"ok"}; otherwise prints one line why on stderr and exits 1 (64 for a bad command line).

        OPTIONS:
          --url URL          The server, http://HOST[:PORT][/PREFIX] (port 80 when absent); /_mock/health is
                             appended to the path unless it already ends with it.
                             Default: http://127.0.0.1:PORT
          --port PORT        The port of the default URL (1-65535). Default: PHOTA_MOCK_PORT, else 8040.
          --timeout SECONDS  How long the whole probe may take, more than 0 and less than 86400. Default: 2
          -h, --help         Print this help.

        """

    /// Reads the options after `health`.
    /// - Parameter environment: looks a variable up; only `PHOTA_MOCK_PORT` is read (empty counts as unset).
    /// - Throws: `HealthUsage` with the message for a bad flag or value, or `.help`.
    init(
        _ arguments: some Collection<String>, environment: (String) -> String? = Self.processVariable
    )
        throws(HealthUsage)
    {
        var url: String?
        var port: String?
        var timeout = 2.0
        var rest = Array(arguments)[...]
        while let argument = rest.popFirst() {
            if argument == "--help" || argument == "-h" { throw .help }
            let name: String
            var value: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else {
                name = argument
            }
            guard ["--url", "--port", "--timeout"].contains(name) else {
                throw .error("unknown option \(Self.quoted(argument)) for health")
            }
            if value == nil { value = rest.popFirst() }
            guard let value else { throw .error("missing value for \(name)") }
            switch name {
            case "--url": url = value
            case "--port": port = value
            default:
                guard let seconds = Double(value), seconds > 0, seconds < 86400 else {
                    throw .error(
                        "--timeout must be seconds, more than 0 and less than 86400, not \(Self.quoted(value))")
                }
                timeout = seconds
            }
        }
        if url != nil && port != nil { throw .error("--url and --port cannot be given together") }
        if let url {
            guard let endpoint = Endpoint(url: url) else {
                throw .error("--url must be http://HOST[:PORT][/PREFIX], not \(Self.quoted(url))")
            }
            self.endpoint = endpoint
        } else {
            let source: String
            let text: String
            if let port {
                (source, text) = ("--port", port)
            } else if let variable = environment("PHOTA_MOCK_PORT"), !variable.isEmpty {
                (source, text) = ("PHOTA_MOCK_PORT", variable)
            } else {
                (source, text) = ("default", "8040")
            }
            guard let number = UInt16(text), number > 0 else {
                throw .error("\(source) must be a port number (1–65535) to probe, not \(Self.quoted(text))")
            }
            self.endpoint = Endpoint(host: "127.0.0.1", port: number, authority: "127.0.0.1:\(number)", path: "")
        }
        self.timeout = timeout
    }

    /// Probes once and exits: 0 healthy, 1 with one line on stderr otherwise.
    func run() -> Never {
        switch self.probe() {
        case .success: Glibc.exit(0)
        case .failure(let failure): PhotaMock.fail("GET \(self.endpoint.url): \(failure.reason)")
        }
    }

    /// The answer wanted, byte for byte.
    static let healthyBody = #"{"status":"ok"}"#

    /// The whole exchange, within `timeout`.
    func probe() -> Result<Void, HealthFailure> {
        let deadline = Deadline(seconds: self.timeout)
        let socket: Int32
        switch self.connect(deadline) {
        case .success(let connected): socket = connected
        case .failure(let failure): return .failure(failure)
        }
        defer { close(socket) }
        let request =
            "GET \(self.endpoint.path) HTTP/1.1\r\nHost: \(self.endpoint.authority)\r\n"
            + "User-Agent: phota-mock-health/\(PhotaMock.version)\r\nAccept: application/json\r\nConnection: close\r\n\r\n"
        if let failure = Self.send(Array(request.utf8), on: socket, deadline, self.timeout) { return .failure(failure) }
        let response: Response
        switch Self.receive(on: socket, deadline, self.timeout) {
        case .success(let received): response = received
        case .failure(let failure): return .failure(failure)
        }
        guard response.status == 200 else {
            let phrase = response.reason.isEmpty ? "" : " " + response.reason
            return .failure(HealthFailure("answered \(response.status)\(phrase)"))
        }
        let body = String(decoding: response.body, as: UTF8.self)
        guard body.trimmingTrailingNewlines == Self.healthyBody else {
            return .failure(HealthFailure("answered 200 with \(Self.excerpt(body)), not \(Self.healthyBody)"))
        }
        return .success(())
    }

    /// A connected, non-blocking socket to the first of the host's addresses that accepts.
    private func connect(_ deadline: Deadline) -> Result<Int32, HealthFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV  // no AI_ADDRCONFIG: a container with only loopback must still resolve
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(self.endpoint.host, String(self.endpoint.port), &hints, &list)
        guard resolved == 0, let first = list else {
            let reason = resolved == 0 ? "no address" : String(cString: gai_strerror(resolved))
            return .failure(HealthFailure("cannot resolve \(self.endpoint.host): \(reason)"))
        }
        defer { freeaddrinfo(first) }
        var lastFailure = HealthFailure("no address for \(self.endpoint.host)")
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let address = next {
            next = address.pointee.ai_next
            let socket = Glibc.socket(
                address.pointee.ai_family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue),
                0)
            guard socket >= 0 else {
                lastFailure = HealthFailure("cannot open a socket: \(Self.describe(errno))")
                continue
            }
            var failure: HealthFailure?
            if Glibc.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) != 0 {
                if errno == EINPROGRESS {
                    failure = Self.finishConnect(socket, deadline, self.timeout)
                } else {
                    failure = HealthFailure(Self.describe(errno))
                }
            }
            guard let failure else { return .success(socket) }
            close(socket)
            lastFailure = failure
            if deadline.remainingMilliseconds == 0 { break }
        }
        return .failure(lastFailure)
    }

    /// Waits for a connect in progress; nil once it is established.
    private static func finishConnect(_ socket: Int32, _ deadline: Deadline, _ timeout: Double) -> HealthFailure? {
        guard Self.wait(socket, for: Int16(POLLOUT), deadline) else {
            return HealthFailure("no connection within \(Self.seconds(timeout))")
        }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else {
            return HealthFailure(Self.describe(errno))
        }
        return error == 0 ? nil : HealthFailure(Self.describe(error))
    }

    private static func send(
        _ bytes: [UInt8], on socket: Int32, _ deadline: Deadline, _ timeout: Double
    )
        -> HealthFailure?
    {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.send(socket, buffer.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                sent += count
            } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
                guard Self.wait(socket, for: Int16(POLLOUT), deadline) else {
                    return HealthFailure("request not sent within \(Self.seconds(timeout))")
                }
            } else {
                return HealthFailure("cannot send the request: \(Self.describe(errno))")
            }
        }
        return nil
    }

    /// The most of a response read: a health answer is a few hundred bytes.
    static let responseLimit = 65536

    /// Reads until the server closes or the body is complete.
    private static func receive(
        on socket: Int32, _ deadline: Deadline, _ timeout: Double
    )
        -> Result<Response, HealthFailure>
    {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var closed = false
        while true {
            switch Response.parse(bytes, closed: closed) {
            case .complete(let response): return .success(response)
            case .invalid(let reason): return .failure(HealthFailure(reason))
            case .incomplete where closed:
                let reason = bytes.isEmpty ? "connection closed without a response" : "connection closed mid-response"
                return .failure(HealthFailure(reason))
            case .incomplete: break
            }
            guard bytes.count < Self.responseLimit else {
                return .failure(HealthFailure("response longer than \(Self.responseLimit) bytes"))
            }
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                bytes += chunk[..<count]
            } else if count == 0 {
                closed = true
            } else if errno == EAGAIN || errno == EINTR {
                guard Self.wait(socket, for: Int16(POLLIN), deadline) else {
                    let what = bytes.isEmpty ? "no response" : "no complete response"
                    return .failure(HealthFailure("\(what) within \(Self.seconds(timeout))"))
                }
            } else {
                return .failure(HealthFailure("cannot read the response: \(Self.describe(errno))"))
            }
        }
    }

    /// True once `socket` is ready for `events` (or has an error to report), false when the deadline passed first.
    private static func wait(_ socket: Int32, for events: Int16, _ deadline: Deadline) -> Bool {
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        while true {
            let remaining = deadline.remainingMilliseconds
            if remaining == 0 { return false }
            let ready = poll(&descriptor, 1, remaining)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return true }  // the next call reports the error
        }
    }

    /// `strerror`, e.g. `Connection refused`.
    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// `2 s`, `0.5 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// The start of a body, quoted, control characters escaped, so that it stays on one line.
    static func excerpt(_ body: String) -> String {
        if body.isEmpty { return "an empty body" }
        let shown = body.unicodeScalars.prefix(80).map { scalar -> String in
            scalar.value < 0x20 || scalar.value == 0x7F ? scalar.escaped(asASCII: true) : String(scalar)
        }.joined()
        return "\"" + shown + (body.unicodeScalars.count > 80 ? "…" : "") + "\""
    }

    static func quoted(_ text: String) -> String {
        "\"" + text + "\""
    }

    static func processVariable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

/// Why `health` did not run a probe: asked for help, or a mistake on its command line.
enum HealthUsage: Error {
    case help
    case error(String)
}

/// Why the probe failed, as the end of the one line printed.
struct HealthFailure: Error {
    let reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}

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
    fileprivate var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text = text.dropLast() }
        return String(text)
    }

    /// Without the given characters at either end (no Foundation).
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
