// SPDX-License-Identifier: Apache-2.0

/// Phase durations per tier, plus the jitter applied to each when a profile is planned.
///
/// Durations are simulated time; the clock's time scale (see ``SimulatedClock``) decides how fast
/// simulated time runs against the wall, so `realistic` with scale 60 trains a Full Train in 8 s.
public struct Timings: Codable, Sendable, Equatable, Hashable {
    /// Quick Train durations.
    public var fast: PhaseDurations
    /// Full Train durations.
    public var standard: PhaseDurations
    /// Each duration is multiplied by a factor drawn uniformly from `1 ± jitterPercent / 100`.
    public var jitterPercent: Double

    /// - Parameters:
    ///   - fast: Quick Train durations.
    ///   - standard: Full Train durations.
    ///   - jitterPercent: the ± jitter in percent (0 for exact durations).
    public init(fast: PhaseDurations, standard: PhaseDurations, jitterPercent: Double = 0) {
        self.fast = fast
        self.standard = standard
        self.jitterPercent = jitterPercent
    }

    /// The durations of one tier.
    public subscript(tier: TrainingTier) -> PhaseDurations {
        get {
            switch tier {
            case .fast: self.fast
            case .standard: self.standard
            }
        }
        set {
            switch tier {
            case .fast: self.fast = newValue
            case .standard: self.standard = newValue
            }
        }
    }

    /// The real service: about 20 s validating, 10 s queuing, 3 min (fast) or 8 min (standard) training.
    public static let realistic = Timings(
        fast: PhaseDurations(validating: 20, queuing: 10, training: 180),
        standard: PhaseDurations(validating: 20, queuing: 10, training: 480)
    )

    /// For tests and laptops: every phase is visible, a fast profile is `READY` 2.5 s after it is added.
    public static let `default` = Timings(
        fast: PhaseDurations(validating: 0.5, queuing: 0.5, training: 1.5),
        standard: PhaseDurations(validating: 0.5, queuing: 0.5, training: 3)
    )

    /// Zero durations: a profile still passes through every status, in order, at the same instant.
    public static let instant = Timings(
        fast: PhaseDurations(validating: 0, queuing: 0, training: 0),
        standard: PhaseDurations(validating: 0, queuing: 0, training: 0)
    )
}

/// The named starting points of ``Timings``, as written in config files.
public enum TimingPreset: String, Codable, Sendable, CaseIterable, Hashable {
    /// ``Timings/realistic``.
    case realistic
    /// ``Timings/default``.
    case `default`
    /// ``Timings/instant``.
    case instant

    /// The timings the preset names.
    public var timings: Timings {
        switch self {
        case .realistic: .realistic
        case .default: .default
        case .instant: .instant
        }
    }
}
