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
    public init(logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), _ configure: (inout AppConfig) -> Void = { _ in }) throws {
        var config = AppConfig()
        config.http.host = "127.0.0.1"
        config.http.port = 0
        config.http.eventLoops = 2
        config.databasePath = ":memory:"
        configure(&config)
        self.app = try Application(config: config, logger: logger)
        self.port = try self.app.start()
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
