// SPDX-License-Identifier: Apache-2.0

/// How jobs run and how their callbacks are delivered.
public struct JobSettings: Sendable, Equatable {
    /// Jobs of one account running at once; the rest wait in `QUEUED`, first submitted first.
    public var slotsPerAccount: Int
    /// The simulated time an async job may take; past it the job fails with `504 GATEWAY_TIMEOUT`, refunded.
    public var budgetMs: Int64
    /// Attempts per callback, the first included.
    public var maxAttempts: Int
    /// Simulated delay before the second attempt; each later one waits twice as long as the one before.
    public var firstRetryDelayMs: Int64
    /// Real seconds one attempt may take before it counts as failed.
    public var attemptTimeoutSeconds: Double

    public init(
        slotsPerAccount: Int = 4, budgetMs: Int64 = 3_600_000, maxAttempts: Int = 6, firstRetryDelayMs: Int64 = 1_000,
        attemptTimeoutSeconds: Double = 10
    ) {
        self.slotsPerAccount = slotsPerAccount
        self.budgetMs = budgetMs
        self.maxAttempts = maxAttempts
        self.firstRetryDelayMs = firstRetryDelayMs
        self.attemptTimeoutSeconds = attemptTimeoutSeconds
    }

    /// The simulated delay after failed attempt `attempt` (1-based): 1 s, 2 s, 4 s, 8 s, 16 s by default.
    public func retryDelayMs(after attempt: Int) -> Int64 {
        self.firstRetryDelayMs << Int64(min(max(attempt - 1, 0), 30))
    }
}
