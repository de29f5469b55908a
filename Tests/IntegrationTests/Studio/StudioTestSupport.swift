// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaApp
import PhotaTestSupport
import Testing

/// Requests, servers and assertions shared by the studio endpoint tests.
enum Studio {
    static let json = ("Content-Type", "application/json")
    /// The date every studio answer announces.
    static let deprecationDate = "2026-05-08"

    /// A live server whose studio calls take no simulated time (so a frozen clock does not hold them), with
    /// `configure` applied after.
    static func server(_ configure: (inout AppConfig) -> Void = { _ in }) throws -> TestServer {
        try TestServer { config in
            config.studioSeconds = 0
            configure(&config)
        }
    }

    /// The raw HTTP/1.1 text of one request, `Host` first.
    static func requestText(
        _ method: String, _ target: String, host: String = "127.0.0.1", headers: [(String, String)],
        body: String?
    ) -> String {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        return text + "\r\n" + (body ?? "")
    }

    /// Sends one request on a new connection and reads its response, which must come.
    static func send(
        _ server: TestServer, _ method: String, _ target: String, host: String = "127.0.0.1",
        headers: [(String, String)] = [], body: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RawResponse {
        let client = try RawClient(port: server.port, timeoutSeconds: 30)
        client.send(Self.requestText(method, target, host: host, headers: headers, body: body))
        return try #require(client.readResponse(), "no response to \(method) \(target)", sourceLocation: sourceLocation)
    }

    /// `POST /v1/phota/<endpoint>` with a JSON body, as `key` (no `X-API-Key` when nil).
    static func post(
        _ server: TestServer, _ endpoint: String, key: String? = "k", body: String, host: String = "127.0.0.1",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RawResponse {
        try self.send(
            server, "POST", "/v1/phota/\(endpoint)", host: host, headers: self.headers(key: key), body: body,
            sourceLocation: sourceLocation)
    }

    static func headers(key: String?) -> [(String, String)] {
        (key.map { [("X-API-Key", $0)] } ?? []) + [self.json]
    }

    /// The deprecation header every studio answer carries.
    static func expectDeprecation(_ response: RawResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            response.header("x-phota-deprecation-date") == Self.deprecationDate,
            "status \(response.status): \(response.bodyText.prefix(300))", sourceLocation: sourceLocation)
    }

    /// The exact Phota error body, its `request_id` equal to `X-Request-Id`; with the deprecation header unless
    /// `studio` is false (download links are not studio endpoints).
    static func expectError(
        _ response: RawResponse, status: Int, code: String, detail: String, studio: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let requestID = response.header("X-Request-Id")
        #expect(requestID != nil && requestID?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(response.status == status, "\(response.bodyText.prefix(300))", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        #expect(
            response.bodyText
                == #"{"detail":\#(Self.quote(detail)),"code":"\#(code)","request_id":"\#(requestID ?? "missing")"}"#,
            sourceLocation: sourceLocation)
        if studio { Self.expectDeprecation(response, sourceLocation: sourceLocation) }
    }

    /// A `400 BAD_REQUEST` with exactly `detail`.
    static func expectBadRequest(
        _ response: RawResponse, _ detail: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        Self.expectError(response, status: 400, code: "BAD_REQUEST", detail: detail, sourceLocation: sourceLocation)
    }

    /// A JSON string literal (the prompts and details used here need only `"` and `\` escaped).
    static func quote(_ text: String?) -> String {
        guard let text else { return "null" }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// A studio 200, checked exactly: `{"known_subjects":{"counts":{…}},"images":[…],"download_urls":[…]}`
    /// with `counts` in the given order, `images` base64 strings (bytes mode) or `download_urls` (urls mode).
    struct Answer {
        /// The decoded images (bytes mode).
        var images: [[UInt8]]
        /// The links (urls mode).
        var downloadURLs: [String]
    }

    @discardableResult
    static func expectOK(
        _ response: RawResponse, counts: [(String, Int)] = [], images: Int = 0, urls: Int = 0,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Answer {
        #expect(response.status == 200, "\(response.bodyText.prefix(300))", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        Self.expectDeprecation(response, sourceLocation: sourceLocation)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
            sourceLocation: sourceLocation)
        let encoded = try #require(object["images"] as? [String], sourceLocation: sourceLocation)
        let links = try #require(object["download_urls"] as? [String], sourceLocation: sourceLocation)
        #expect(encoded.count == images, sourceLocation: sourceLocation)
        #expect(links.count == urls, sourceLocation: sourceLocation)
        let countsText = counts.map { "\(Self.quote($0.0)):\($0.1)" }.joined(separator: ",")
        let expected =
            #"{"known_subjects":{"counts":{\#(countsText)}},"images":["#
            + encoded.map { "\"\($0)\"" }.joined(separator: ",") + #"],"download_urls":["#
            + links.map { Self.quote($0) }.joined(separator: ",") + "]}"
        #expect(response.bodyText == expected, sourceLocation: sourceLocation)
        var decoded: [[UInt8]] = []
        for text in encoded {
            let data = try #require(
                Data(base64Encoded: text), "images entry is not base64", sourceLocation: sourceLocation)
            decoded.append(Array(data))
        }
        return Answer(images: decoded, downloadURLs: links)
    }

    /// The description embedded in every output image (`tEXt` `phota-mock` or the JPEG comment).
    static func description(
        endpoint: String, prompt: String?, profileIDs: [String] = [], baseModel: String? = "nb2",
        quality: String? = nil, resolution: String = "1K", aspect: String = "1:1", width: Int, height: Int,
        format: String = "png", index: Int = 0, count: Int = 1
    ) -> String {
        var out = #"{"endpoint":"\#(endpoint)","prompt":\#(Self.quote(prompt))"#
        out += #","profile_ids":["# + profileIDs.map { Self.quote($0) }.joined(separator: ",") + "]"
        out += #","base_model":\#(Self.quote(baseModel)),"quality":\#(Self.quote(quality))"#
        out += #","resolution":"\#(resolution)","aspect_ratio":"\#(aspect)","width":\#(width),"height":\#(height)"#
        out += #","format":"\#(format)","index":\#(index),"count":\#(count)}"#
        return out
    }

    // MARK: Profiles and the admin API

    /// Adds a fast-tier profile for `key` and returns its id.
    static func addProfile(_ server: TestServer, key: String) throws -> String {
        let urls = (1...5).map { "\"https://example.com/photo\($0).jpg\"" }.joined(separator: ",")
        let response = try self.send(
            server, "POST", "/v1/phota/profiles/add", headers: self.headers(key: key),
            body: #"{"image_urls":[\#(urls)],"training_tier":"fast"}"#)
        #expect(response.status == 200, "\(response.bodyText)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String])
        return try #require(object["profile_id"])
    }

    /// The profile's status as the API reports it.
    static func profileStatus(_ server: TestServer, id: String, key: String) throws -> String? {
        let response = try self.send(
            server, "GET", "/v1/phota/profiles/\(id)/status", headers: [("X-API-Key", key)])
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return object?["status"] as? String
    }

    /// Adds a profile on a server with the `instant` preset and polls its status until `READY` (bounded).
    static func readyProfile(_ server: TestServer, key: String) throws -> String {
        let id = try self.addProfile(server, key: key)
        for _ in 0..<500 {
            if try self.profileStatus(server, id: id, key: key) == "READY" { return id }
            Thread.sleep(forTimeInterval: 0.01)
        }
        Issue.record("profile \(id) never became READY")
        return id
    }

    /// One admin call that must answer 200; its body text.
    @discardableResult
    static func admin(
        _ server: TestServer, _ method: String, _ target: String, body: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let response = try self.send(
            server, method, target, headers: body == nil ? [] : [self.json], body: body,
            sourceLocation: sourceLocation)
        #expect(response.status == 200, "\(method) \(target): \(response.bodyText)", sourceLocation: sourceLocation)
        return response.bodyText
    }

    /// Moves one account's clock forward by `ms` through `POST /_mock/clock/advance`.
    static func advance(_ server: TestServer, key: String, ms: Int64) throws {
        try self.admin(server, "POST", "/_mock/clock/advance", body: #"{"milliseconds":\#(ms),"api_key":"\#(key)"}"#)
    }

    /// The account's balance as `GET /_mock/credits/<key>` renders it.
    static func balance(_ server: TestServer, key: String) throws -> String {
        try self.admin(server, "GET", "/_mock/credits/\(key)")
    }

    // MARK: Download links

    /// A download link split into the target sent to the server and its parts.
    struct Link {
        var authority: String
        var outputID: String
        var file: String
        var expires: String
        var signature: String

        init(_ url: String) throws {
            let scheme = "http://"
            try #require(url.hasPrefix(scheme), "\(url)")
            let rest = url.dropFirst(scheme.count)
            let slash = try #require(rest.firstIndex(of: "/"))
            self.authority = String(rest[..<slash])
            let target = rest[slash...]
            let question = try #require(target.firstIndex(of: "?"))
            let path = target[..<question].split(separator: "/").map(String.init)
            try #require(path.count == 3 && path[0] == "downloads", "\(url)")
            self.outputID = path[1]
            self.file = path[2]
            var query: [String: String] = [:]
            for pair in target[target.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { query[parts[0]] = parts[1] }
            }
            self.expires = try #require(query["expires"])
            self.signature = try #require(query["signature"])
        }

        var target: String {
            "/downloads/\(self.outputID)/\(self.file)?expires=\(self.expires)&signature=\(self.signature)"
        }
    }
}

/// A request sent now whose response is read on a background thread, for answers held by a frozen clock.
final class PendingRequest: @unchecked Sendable {
    private let client: RawClient
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: RawResponse?
    private var finished = false

    /// Sends the request at once and starts reading its response.
    init(_ server: TestServer, _ method: String, _ target: String, headers: [(String, String)], body: String?) throws {
        self.client = try RawClient(port: server.port, timeoutSeconds: 60)
        self.client.send(Studio.requestText(method, target, headers: headers, body: body))
        let thread = Thread { [self] in
            let response = self.client.readResponse()
            self.lock.lock()
            self.result = response
            self.finished = true
            self.lock.unlock()
            self.done.signal()
        }
        thread.start()
    }

    /// `POST /v1/phota/<endpoint>` as `key`.
    convenience init(_ server: TestServer, _ endpoint: String, key: String = "k", body: String) throws {
        try self.init(server, "POST", "/v1/phota/\(endpoint)", headers: Studio.headers(key: key), body: body)
    }

    /// Whether an answer (or the end of the connection) came within a short, generous window.
    func answered(within seconds: Double = 0.3) -> Bool {
        if self.done.wait(timeout: .now() + seconds) == .success {
            self.done.signal()
            return true
        }
        return false
    }

    /// The answer, waiting for it (bounded by the client's read timeout).
    func response(sourceLocation: SourceLocation = #_sourceLocation) throws -> RawResponse {
        self.done.wait()
        self.done.signal()
        self.lock.lock()
        defer { self.lock.unlock() }
        return try #require(self.result, "the connection ended without a response", sourceLocation: sourceLocation)
    }
}
