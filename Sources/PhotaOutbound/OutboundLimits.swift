// SPDX-License-Identifier: Apache-2.0

/// Bounds every transfer of an ``OutboundClient`` runs under.
public struct OutboundLimits: Sendable, Equatable {
    /// Most transfers in flight at once; the rest wait their turn, in the order they were sent.
    public var maxConcurrent: Int
    /// Seconds one transfer may take from its start (not its wait for a slot) to its last byte.
    public var timeoutSeconds: Double
    /// Most response-body bytes read; a transfer that exceeds it is aborted.
    public var maxBytes: Int
    /// Most redirects followed; one more fails the transfer.
    public var maxRedirects: Int

    /// - Parameters:
    ///   - maxConcurrent: transfers in flight at once (default 8).
    ///   - timeoutSeconds: per-transfer time limit (default 10 s).
    ///   - maxBytes: per-transfer body cap (default 20 MiB).
    ///   - maxRedirects: redirects followed (default 16, URLSession's threshold).
    public init(maxConcurrent: Int = 8, timeoutSeconds: Double = 10, maxBytes: Int = 20 << 20, maxRedirects: Int = 16) {
        self.maxConcurrent = maxConcurrent
        self.timeoutSeconds = timeoutSeconds
        self.maxBytes = maxBytes
        self.maxRedirects = maxRedirects
    }
}
