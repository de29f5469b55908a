// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials
import Glibc

/// An answer as read off the wire: status, header fields in order, body bytes.
public struct PhotaMockResponse: Sendable, Equatable {
    public var status: Int
    /// Header fields in wire order, names as sent.
    public var headers: [Header]
    public var body: [UInt8]

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// The first value of `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return self.headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: self.body, as: UTF8.self) }
}

/// No answer came: the connection was refused, dropped, or timed out.
public struct PhotaMockTransportError: Error, Sendable, CustomStringConvertible {
    public var method: String
    public var path: String
    public var reason: String

    public var description: String { "\(self.method) \(self.path): \(self.reason)" }
}

/// One HTTP/1.1 request per connection (`Connection: close`) over a blocking loopback socket, read until its
/// `Content-Length` (or the close). Blocking on purpose: a call to the local mock takes well under a millisecond,
/// needs no event loop or FoundationNetworking (which links libcurl), and works the same from XCTest and from
/// Swift Testing, sync or async.
struct HTTPTransport: Sendable {
    let host: String
    let port: UInt16
    /// How long a call may wait for its answer.
    let timeout: Duration

    func send(
        _ method: String, _ path: String, headers: [(String, String)], body: [UInt8]?
    ) throws(PhotaMockTransportError) -> PhotaMockResponse {
        let fail = { (reason: String) in PhotaMockTransportError(method: method, path: path, reason: reason) }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw fail("socket: \(Self.errorText())") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = self.port.bigEndian
        guard inet_pton(AF_INET, self.host, &address.sin_addr) == 1 else { throw fail("not an IPv4 address: \(host)") }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw fail("connect: \(Self.errorText())") }
        let (seconds, attoseconds) = self.timeout.components
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))

        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(self.host):\(self.port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        let bytes = Array((head + "\r\n").utf8) + (body ?? [])
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw fail("send: \(Self.errorText())") }
            offset += written
        }

        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let response = Self.parse(received, head: method == "HEAD", complete: false) { return response }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += chunk[0..<count]
            } else if count == 0 {
                if let response = Self.parse(received, head: method == "HEAD", complete: true) { return response }
                throw fail(received.isEmpty ? "closed without an answer" : "closed in the middle of the answer")
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                throw fail("no answer within \(self.timeout)")
            } else {
                throw fail("recv: \(Self.errorText())")
            }
        }
    }

    /// One whole response from `bytes`, or nil while more is needed. Without a `Content-Length` the body runs to
    /// the close (`complete`).
    static func parse(_ bytes: [UInt8], head isHead: Bool, complete: Bool) -> PhotaMockResponse? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.firstRange(of: separator) else { return nil }
        let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).split(
            separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.first?.split(separator: " ", maxSplits: 2) ?? []
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers = lines.dropFirst().compactMap { line -> PhotaMockResponse.Header? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            return .init(name: String(line[..<colon]), value: String(value.reversed().drop { $0 == " " }.reversed()))
        }
        let response = PhotaMockResponse(status: status, headers: headers, body: [])
        let start = end.upperBound
        if isHead || status < 200 || status == 204 || status == 304 { return response }
        if let length = response.header("content-length").flatMap({ Int($0) }) {
            guard bytes.count - start >= length else { return nil }
            return PhotaMockResponse(status: status, headers: headers, body: Array(bytes[start..<(start + length)]))
        }
        return complete ? PhotaMockResponse(status: status, headers: headers, body: Array(bytes[start...])) : nil
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

/// Percent-encoding of one path segment or query value: everything but RFC 3986's unreserved characters.
enum PercentEncoding {
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    /// `?a=1&b=2` of the present values, in order; empty when none.
    static func query(_ items: [(String, String?)]) -> String {
        let present = items.compactMap { name, value in value.map { name + "=" + Self.encode($0) } }
        return present.isEmpty ? "" : "?" + present.joined(separator: "&")
    }
}
