// SPDX-License-Identifier: Apache-2.0

/// How long each phase of one tier lasts, in simulated seconds (before jitter).
public struct PhaseDurations: Codable, Sendable, Equatable, Hashable {
    /// Duration of `VALIDATING`.
    public var validating: Double
    /// Minimum duration of `QUEUING` (a full slot pool adds to it).
    public var queuing: Double
    /// Duration of `IN_PROGRESS`.
    public var training: Double

    /// - Parameters:
    ///   - validating: seconds in `VALIDATING`.
    ///   - queuing: minimum seconds in `QUEUING`.
    ///   - training: seconds in `IN_PROGRESS`.
    public init(validating: Double, queuing: Double, training: Double) {
        self.validating = validating
        self.queuing = queuing
        self.training = training
    }
}
