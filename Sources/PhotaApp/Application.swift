// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaHTTP
import PhotaHTTP2

/// The composition root: builds the routes and the server from an `AppConfig`, runs them, and
/// shuts them down in order.
public final class Application: Sendable {
    public let config: AppConfig
    private let server: HTTPServer
    private let logger: Logger

    /// - Parameter logger: the logger every module receives.
    public init(config: AppConfig, logger: Logger) {
        self.config = config
        self.logger = logger
        let router = Routes.make()
        self.server = HTTPServer(
            configuration: config.http, responder: router, switcher: HTTP2Switcher(), logger: logger
        )
    }

    /// Binds and starts serving; returns the bound port.
    /// - Throws: when the address cannot be bound.
    public func start() throws -> UInt16 {
        try self.server.start()
    }

    /// Begins a graceful shutdown; `wait()` returns when it is complete.
    public func shutdown() {
        self.server.shutdown()
    }

    /// Blocks until the server has stopped.
    public func wait() {
        self.server.wait()
    }
}
