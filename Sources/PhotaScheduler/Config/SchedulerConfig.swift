// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials

/// The scheduler section of the JSON config file; every key is optional and overrides a default.
///
/// Keys (all optional):
/// - `preset`: `"default"` (the default), `"realistic"` or `"instant"`: the starting ``Timings``.
/// - `fast`, `standard`: objects with `validating`, `queuing`, `training` (simulated seconds) and `slots`
///   (training slots per account; default 2), each overriding the preset.
/// - `jitterPercent`: ± percent applied to every duration (default 0).
/// - `timeScale`: simulated seconds per wall second for the real clock (default 1; 60 = a minute per second).
/// - `seed`: the generator seed for jitter and random failures (default: drawn at start, logged by the app).
/// - `failureProbability`: 0...1 chance that a profile fails at random (default 0).
/// - `randomFailure`: `{"phase": "validating"|"queuing"|"training", "message": "..."}` for random failures.
/// - `failureRules`: `[{"tag": "...", "apiKey": "...", "phase": "...", "message": "..."}]`, first match wins.
///
/// ```json
/// {"scheduler": {"preset": "realistic", "timeScale": 60, "jitterPercent": 5, "seed": 42,
///                "fast": {"slots": 4}, "failureRules": [{"tag": "broken", "phase": "training", "message": "Boom"}]}}
/// ```
public struct SchedulerConfig: Codable, Sendable, Equatable {
    /// `preset`: the starting timings (`default` when absent).
    public var preset: TimingPreset?
    /// `fast`: Quick Train durations and slots, overriding the preset key by key.
    public var fast: TierConfig?
    /// `standard`: Full Train durations and slots, overriding the preset key by key.
    public var standard: TierConfig?
    /// `jitterPercent`: ± percent applied to each duration (0 when absent).
    public var jitterPercent: Double?
    /// `timeScale`: simulated seconds per wall second for the real clock (1 when absent).
    public var timeScale: Double?
    /// `seed`: the generator seed (drawn at start when absent).
    public var seed: UInt64?
    /// `failureProbability`: chance in 0...1 of a random failure (0 when absent).
    public var failureProbability: Double?
    /// `randomFailure`: phase and message of random failures.
    public var randomFailure: PlannedFailure?
    /// `failureRules`: failures by tag and/or API key, first match wins.
    public var failureRules: [FailureRule]?

    /// An empty config: every setting at its default.
    public init() {}

    /// Decodes the object under `section` of a JSON document; a missing section is an empty config.
    /// - Parameters:
    ///   - data: the whole config file.
    ///   - section: the top-level key holding the scheduler settings.
    /// - Throws: `DecodingError` when the document or the section is malformed.
    public static func load(json data: Data, section: String = "scheduler") throws -> SchedulerConfig {
        let decoder = JSONDecoder()
        decoder.userInfo[SectionDecoder.key] = section
        return try decoder.decode(SectionDecoder.self, from: data).config ?? SchedulerConfig()
    }

    /// `self` with every key `other` sets replaced by `other`'s value (file first, then flags, then env).
    public func overlaid(with other: SchedulerConfig) -> SchedulerConfig {
        var result = self
        result.preset = other.preset ?? self.preset
        result.fast = (self.fast ?? TierConfig()).overlaid(with: other.fast)
        result.standard = (self.standard ?? TierConfig()).overlaid(with: other.standard)
        result.jitterPercent = other.jitterPercent ?? self.jitterPercent
        result.timeScale = other.timeScale ?? self.timeScale
        result.seed = other.seed ?? self.seed
        result.failureProbability = other.failureProbability ?? self.failureProbability
        result.randomFailure = other.randomFailure ?? self.randomFailure
        result.failureRules = other.failureRules ?? self.failureRules
        return result
    }

    /// The timings: the preset with the per-tier overrides and the jitter applied.
    public var timings: Timings {
        var timings = (self.preset ?? .default).timings
        timings.fast = (self.fast ?? TierConfig()).applied(to: timings.fast)
        timings.standard = (self.standard ?? TierConfig()).applied(to: timings.standard)
        timings.jitterPercent = self.jitterPercent ?? timings.jitterPercent
        return timings
    }

    /// Resolves defaults and checks every value.
    /// - Parameter randomSeed: the seed used when the config names none.
    /// - Throws: ``SchedulerError`` naming the first invalid key.
    public func settings(randomSeed: UInt64 = UInt64.random(in: 0...UInt64.max)) throws -> SchedulerSettings {
        let settings = SchedulerSettings(
            timings: self.timings,
            fastSlots: self.fast?.slots ?? 2,
            standardSlots: self.standard?.slots ?? 2,
            timeScale: self.timeScale ?? 1,
            seed: self.seed ?? randomSeed,
            failureProbability: self.failureProbability ?? 0,
            randomFailure: self.randomFailure ?? SchedulerSettings.defaultRandomFailure,
            failureRules: self.failureRules ?? []
        )
        try Self.validate(settings)
        return settings
    }

    private static func validate(_ settings: SchedulerSettings) throws {
        for tier in TrainingTier.allCases {
            let durations = settings.timings[tier]
            for (name, value) in [
                ("validating", durations.validating), ("queuing", durations.queuing),
                ("training", durations.training),
            ] where !(value >= 0 && value.isFinite) {
                throw SchedulerError.invalidConfig(
                    "\(tier.rawValue).\(name)", "must be a finite number >= 0, not \(value)")
            }
            if settings.slots(tier) < 1 {
                throw SchedulerError.invalidConfig(
                    "\(tier.rawValue).slots", "must be >= 1, not \(settings.slots(tier))")
            }
        }
        let jitter = settings.timings.jitterPercent
        if !(jitter >= 0 && jitter <= 100) {
            throw SchedulerError.invalidConfig("jitterPercent", "must be within 0...100, not \(jitter)")
        }
        if !(settings.timeScale > 0 && settings.timeScale.isFinite) {
            throw SchedulerError.invalidConfig("timeScale", "must be a finite number > 0, not \(settings.timeScale)")
        }
        if !(settings.failureProbability >= 0 && settings.failureProbability <= 1) {
            throw SchedulerError.invalidConfig(
                "failureProbability", "must be within 0...1, not \(settings.failureProbability)")
        }
    }
}

/// Decodes one named top-level key of a JSON object, the name given through `userInfo`.
private struct SectionDecoder: Decodable {
    static let key = CodingUserInfoKey(rawValue: "PhotaScheduler.section")!
    let config: SchedulerConfig?

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let section = decoder.userInfo[Self.key] as? String ?? "scheduler"
        let container = try decoder.container(keyedBy: Key.self)
        self.config = try container.decodeIfPresent(SchedulerConfig.self, forKey: Key(stringValue: section))
    }
}
