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
