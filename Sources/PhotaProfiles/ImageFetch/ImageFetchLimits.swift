// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// Bounds on the real image downloads made during `VALIDATING` (`--fetch-images`).
public struct ImageFetchLimits: Sendable, Equatable {
    /// Most downloads in flight at once, over every profile; the rest wait their turn.
    public var maxConcurrent: Int
    /// Seconds one download may take from start to last byte.
    public var timeoutSeconds: Double
    /// Largest body accepted, in bytes; a larger one fails the profile.
    public var maxBytes: Int

    /// - Parameters:
    ///   - maxConcurrent: downloads in flight at once (default 8).
    ///   - timeoutSeconds: per-download time limit (default 10 s).
    ///   - maxBytes: per-image size cap (default 20 MiB).
    public init(maxConcurrent: Int = 8, timeoutSeconds: Double = 10, maxBytes: Int = 20 << 20) {
        self.maxConcurrent = maxConcurrent
        self.timeoutSeconds = timeoutSeconds
        self.maxBytes = maxBytes
    }
}
