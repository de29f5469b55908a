// SPDX-License-Identifier: Apache-2.0

/// The resolved, validated settings a ``Scheduler`` runs with (see ``SchedulerConfig`` for the file form).
public struct SchedulerSettings: Sendable, Equatable {
    /// Phase durations per tier and the jitter.
    public var timings: Timings
    /// Training slots per account for Quick Train.
    public var fastSlots: Int
    /// Training slots per account for Full Train.
    public var standardSlots: Int
    /// Simulated seconds per wall second, for the app's real ``SimulatedClock``.
    public var timeScale: Double
    /// The seed of the generator behind jitter and random failures.
    public var seed: UInt64
    /// Probability in 0...1 that a profile not failed otherwise fails at random.
    public var failureProbability: Double
    /// Where random failures happen and what they say.
    public var randomFailure: PlannedFailure
    /// Configured failures by tag or API key, first match wins.
    public var failureRules: [FailureRule]

    /// The message of a random failure unless configured.
    public static let defaultRandomFailure = PlannedFailure(
        phase: .training,
        message: "Training failed: the model did not converge on the provided images."
    )

    /// - Parameters:
    ///   - timings: phase durations and jitter.
    ///   - fastSlots: Quick Train slots per account.
    ///   - standardSlots: Full Train slots per account.
    ///   - timeScale: simulated seconds per wall second.
    ///   - seed: the generator seed.
    ///   - failureProbability: probability of a random failure.
    ///   - randomFailure: where random failures happen and their message.
    ///   - failureRules: configured failures.
    public init(
        timings: Timings = .default, fastSlots: Int = 2, standardSlots: Int = 2, timeScale: Double = 1,
        seed: UInt64 = 0, failureProbability: Double = 0,
        randomFailure: PlannedFailure = SchedulerSettings.defaultRandomFailure, failureRules: [FailureRule] = []
    ) {
        self.timings = timings
        self.fastSlots = fastSlots
        self.standardSlots = standardSlots
        self.timeScale = timeScale
        self.seed = seed
        self.failureProbability = failureProbability
        self.randomFailure = randomFailure
        self.failureRules = failureRules
    }

    /// The slot count of one tier.
    public func slots(_ tier: TrainingTier) -> Int {
        switch tier {
        case .fast: self.fastSlots
        case .standard: self.standardSlots
        }
    }
}
