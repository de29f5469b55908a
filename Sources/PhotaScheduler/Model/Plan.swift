// SPDX-License-Identifier: Apache-2.0

/// Everything decided about a profile when it is added: how long each phase lasts and whether it fails.
///
/// Durations are simulated milliseconds, after jitter and independent of the clock's time scale. The app
/// stores the plan with the profile (it is `Codable`) so that a restart replays the same timeline.
public struct Plan: Codable, Sendable, Equatable, Hashable {
    /// How long `VALIDATING` lasts.
    public var validatingMs: Int64
    /// The least time spent in `QUEUING`; more when every training slot of the account is busy.
    public var queuingMinMs: Int64
    /// How long `IN_PROGRESS` lasts once a slot is taken.
    public var trainingMs: Int64
    /// The planned failure, if any.
    public var failure: PlannedFailure?

    /// - Parameters:
    ///   - validatingMs: duration of `VALIDATING`.
    ///   - queuingMinMs: minimum duration of `QUEUING`.
    ///   - trainingMs: duration of `IN_PROGRESS`.
    ///   - failure: where and how the profile fails, or nil to reach `READY`.
    public init(validatingMs: Int64, queuingMinMs: Int64, trainingMs: Int64, failure: PlannedFailure? = nil) {
        self.validatingMs = validatingMs
        self.queuingMinMs = queuingMinMs
        self.trainingMs = trainingMs
        self.failure = failure
    }
}

/// A failure decided at creation: the phase at whose end the profile becomes `ERROR`, and the message.
public struct PlannedFailure: Codable, Sendable, Equatable, Hashable {
    /// The phase that ends in `ERROR`.
    public var phase: FailurePhase
    /// The `message` the status endpoint reports.
    public var message: String

    /// - Parameters:
    ///   - phase: the phase that ends in `ERROR`.
    ///   - message: the human message shown with the `ERROR` status.
    public init(phase: FailurePhase, message: String) {
        self.phase = phase
        self.message = message
    }
}
