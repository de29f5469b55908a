// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaApp
import PhotaHTTP

/// A whole application served on `127.0.0.1:0` inside the test process.
public final class TestServer: Sendable {
    public let app: Application
    /// The port it bound.
    public let port: UInt16

    /// Starts an application with `configure` applied to a test default config (loopback, port 0, two
    /// loops, an in-memory database).
    /// - Throws: when it cannot bind.
    public init(
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ configure: (inout AppConfig) -> Void = { _ in }
    ) throws {
        self.app = try Application(config: Self.configuration(configure), logger: logger)
        self.port = try self.app.start()
    }

    /// The test default config (loopback, port 0, two loops, an in-memory database) with `configure`
    /// applied: what `TestServer` and `InProcessApp` both build their application from.
    public static func configuration(_ configure: (inout AppConfig) -> Void = { _ in }) -> AppConfig {
        var config = AppConfig()
        config.http.host = "127.0.0.1"
        config.http.port = 0
        config.http.eventLoops = 2
        config.databasePath = ":memory:"
        configure(&config)
        return config
    }

    /// A new raw client connected to this server.
    public func client() throws -> RawClient {
        try RawClient(port: self.port)
    }

    /// Shuts down gracefully and waits.
    public func stop() {
        self.app.shutdown()
        self.app.wait()
    }
}

extension TestServer: TestClient {
    /// Sends one request on a new connection and reads the response (nil if none came).
    ///
    /// ```swift
    /// let response = try server.request("GET", "/v1/phota/profiles/ids", headers: [("X-API-Key", "k")])
    /// ```
    public func request(
        _ method: String, _ target: String, headers: [(String, String)], body: String?
    ) throws -> RawResponse? {
        let client = try self.client()
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        client.send(text)
        return client.readResponse(headRequest: method == "HEAD")
    }
}
