// SPDX-License-Identifier: Apache-2.0

/// The config-file form of one tier's settings; each key overrides the preset only when present.
public struct TierConfig: Codable, Sendable, Equatable, Hashable {
    /// Simulated seconds in `VALIDATING`.
    public var validating: Double?
    /// Minimum simulated seconds in `QUEUING`.
    public var queuing: Double?
    /// Simulated seconds in `IN_PROGRESS`.
    public var training: Double?
    /// Training slots per account.
    public var slots: Int?

    /// - Parameters: each overrides the preset when non-nil.
    public init(validating: Double? = nil, queuing: Double? = nil, training: Double? = nil, slots: Int? = nil) {
        self.validating = validating
        self.queuing = queuing
        self.training = training
        self.slots = slots
    }

    /// `self`, with every key `other` sets replaced by `other`'s value.
    public func overlaid(with other: TierConfig?) -> TierConfig {
        guard let other else { return self }
        return TierConfig(
            validating: other.validating ?? self.validating,
            queuing: other.queuing ?? self.queuing,
            training: other.training ?? self.training,
            slots: other.slots ?? self.slots
        )
    }

    /// The preset durations with this config's overrides applied.
    func applied(to base: PhaseDurations) -> PhaseDurations {
        PhaseDurations(
            validating: self.validating ?? base.validating,
            queuing: self.queuing ?? base.queuing,
            training: self.training ?? base.training
        )
    }
}
