// SPDX-License-Identifier: Apache-2.0

/// Every limit the server enforces, with its default. Each but `deferredReplyTimeout` is settable
/// from the CLI.
public struct ServerLimits: Sendable, Equatable {
    /// Longest request line, in bytes, without its CRLF; longer → 414.
    public var maxRequestLineBytes = 8 * 1024
    /// Largest header block (request line included), in bytes; larger → 431.
    public var maxHeaderBytes = 32 * 1024
    /// Most header fields in one request; more → 431.
    public var maxHeaderCount = 100
    /// Largest request body, in bytes, after de-chunking; larger → 413.
    public var maxBodyBytes = 8 * 1024 * 1024
    /// Time allowed for a whole request head to arrive once its first byte has (slowloris defence).
    public var headerTimeout: Duration = .seconds(10)
    /// Time a keep-alive connection may sit idle between requests.
    public var idleTimeout: Duration = .seconds(60)
    /// Time a whole request body may take to arrive once its head has (then 408 and close), and a
    /// client may take to read a whole response once a write of it has had to wait (then close).
    /// Progress does not extend either: one byte every few seconds is still late.
    public var bodyTimeout: Duration = .seconds(30)
    /// Time a deferred reply may take once its request was dispatched; then the server answers `504`
    /// itself and a reply that comes later is dropped, so a lost reply never holds a connection (or
    /// an HTTP/2 stream). The default matches the bound the emulated service puts on a synchronous request.
    public var deferredReplyTimeout: Duration = .seconds(600)
    /// Most open client connections; beyond it the server stops accepting until one closes.
    public var maxConnections = 10_000
    /// Time graceful shutdown waits for in-flight requests before closing what is left.
    public var shutdownGrace: Duration = .seconds(10)

    public init() {}
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    package var nanoseconds: UInt64 {
        let (seconds, attoseconds) = self.components
        if seconds < 0 { return 0 }
        let (product, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product &+ UInt64(attoseconds / 1_000_000_000)
    }
}
