// SPDX-License-Identifier: Apache-2.0

/// Counters for metrics, taken after applying every due transition.
public struct SchedulerSnapshot: Sendable, Equatable {
    /// Profiles held in memory by status (final ones until evicted); every status is present.
    public var counts: [ProfileStatus: Int]
    /// Load per account (API key), for accounts that have ever had a profile.
    public var accounts: [String: AccountLoad]
    /// The global simulated time the timer is armed at, or nil when nothing is pending.
    public var nextDeadline: Int64?
}

/// One account's load.
public struct AccountLoad: Sendable, Equatable {
    /// Profiles in `QUEUING`, including those still within their minimum queue time.
    public var queuing: Int
    /// Profiles in `QUEUING` past their minimum queue time, waiting for a free slot: the queue depth.
    public var waitingForSlot: Int
    /// Profiles in `IN_PROGRESS`, per tier.
    public var inProgress: [TrainingTier: Int]

    /// - Parameters:
    ///   - queuing: profiles in `QUEUING`.
    ///   - waitingForSlot: profiles waiting for a slot.
    ///   - inProgress: profiles training, per tier.
    public init(queuing: Int, waitingForSlot: Int, inProgress: [TrainingTier: Int]) {
        self.queuing = queuing
        self.waitingForSlot = waitingForSlot
        self.inProgress = inProgress
    }
}
