// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaAPIKit
import PhotaHTTP

/// A bare `HTTPServer` around any responder on `127.0.0.1:0`, for tests that need routes the
/// application does not have (echoing bodies, replies deferred until the test releases them).
public final class TestHTTPServer: Sendable {
    /// The server, for tests that drive `shutdown()` and `wait()` themselves.
    public let server: HTTPServer
    /// The port it bound.
    public let port: UInt16

    /// Starts `responder` with `configure` applied to a test default (loopback, port 0, two loops).
    /// - Throws: when it cannot bind.
    public init(
        responder: any HTTPResponder,
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ configure: (inout HTTPServerConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoops = 2
        configure(&configuration)
        self.server = HTTPServer(
            configuration: configuration, responder: responder, errorResponse: DefaultErrorBody.response, logger: logger
        )
        self.port = try self.server.start()
    }

    /// A new raw client connected to this server.
    public func client(timeoutSeconds: Int = 10) throws -> RawClient {
        try RawClient(port: self.port, timeoutSeconds: timeoutSeconds)
    }

    /// Shuts down gracefully and waits.
    public func stop() {
        self.server.shutdown()
        self.server.wait()
    }
}
