// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// Everything the server is configured with; the CLI builds it from flags and environment.
public struct AppConfig: Sendable {
    /// Listening address, port, loops and limits.
    public var http = HTTPServerConfiguration()

    public init() {}
}
