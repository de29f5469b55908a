// SPDX-License-Identifier: Apache-2.0

/// One profile as the scheduler tracks it.
public struct Job: Codable, Sendable, Equatable, Hashable {
    /// The profile id.
    public var id: String
    /// The account (API key) that owns the profile; slots and clock offsets are per account.
    public var apiKey: String
    /// The training tier, which selects the durations and the slot pool.
    public var tier: TrainingTier
    /// Creation sequence: the FIFO order in which waiting profiles take free slots.
    public var seq: Int64
    /// The current status.
    public var status: ProfileStatus
    /// When the current status began, in the account's simulated epoch milliseconds.
    public var statusSince: Int64
    /// The timeline decided at creation.
    public var plan: Plan
    /// The message of an `ERROR` (or forced) status; nil otherwise.
    public var message: String?

    /// - Parameters:
    ///   - id: the profile id.
    ///   - apiKey: the owning account.
    ///   - tier: the training tier.
    ///   - seq: the creation sequence number.
    ///   - status: the current status.
    ///   - statusSince: when that status began (simulated epoch ms).
    ///   - plan: the timeline decided at creation.
    ///   - message: the status message, if any.
    public init(
        id: String, apiKey: String, tier: TrainingTier, seq: Int64, status: ProfileStatus,
        statusSince: Int64, plan: Plan, message: String? = nil
    ) {
        self.id = id
        self.apiKey = apiKey
        self.tier = tier
        self.seq = seq
        self.status = status
        self.statusSince = statusSince
        self.plan = plan
        self.message = message
    }
}
