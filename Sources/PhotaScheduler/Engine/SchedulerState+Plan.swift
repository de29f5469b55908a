// SPDX-License-Identifier: Apache-2.0

extension SchedulerState {
    /// Decides a profile's timeline. Exactly four values are drawn per plan, whatever the outcome,
    /// so the n-th plan under a seed is the same however earlier plans turned out.
    /// - Parameter urlFailure: `Self.failure(imageURLs:)`, which callers compute before taking the
    ///   scheduler's lock (it is pure, and the slowest part of planning).
    mutating func plan(apiKey: String, tier: TrainingTier, tag: String?, urlFailure: PlannedFailure?) -> Plan {
        let durations = self.settings.timings[tier]
        let validating = self.jittered(durations.validating)
        let queuing = self.jittered(durations.queuing)
        let training = self.jittered(durations.training)
        let draw = self.generator.unit()
        let failure =
            urlFailure
            ?? self.settings.failureRules.first { $0.matches(apiKey: apiKey, tag: tag) }
            .map { PlannedFailure(phase: $0.phase, message: $0.message) }
            ?? (draw < self.settings.failureProbability ? self.settings.randomFailure : nil)
        return Plan(validatingMs: validating, queuingMinMs: queuing, trainingMs: training, failure: failure)
    }

    /// Seconds to milliseconds, times a factor drawn from `1 ± jitterPercent / 100`.
    private mutating func jittered(_ seconds: Double) -> Int64 {
        let spread = self.settings.timings.jitterPercent / 100
        let factor = 1 + spread * (2 * self.generator.unit() - 1)
        return Int64((seconds * 1000 * factor).rounded())
    }

    /// The failure the image URLs themselves call for: bad formats first, then trigger words.
    static func failure(imageURLs: [String]) -> PlannedFailure? {
        if let url = imageURLs.first(where: { !ImageURL.isSupported($0) }) {
            return PlannedFailure(phase: .validating, message: FailureMessages.unsupportedFormat(url))
        }
        if let url = imageURLs.first(where: { ASCIISearch.contains(FailureMessages.validationTrigger, in: $0) }) {
            return PlannedFailure(phase: .validating, message: FailureMessages.noSubject(url))
        }
        if imageURLs.contains(where: { ASCIISearch.contains(FailureMessages.trainingTrigger, in: $0) }) {
            return PlannedFailure(phase: .training, message: FailureMessages.trainingFailed)
        }
        return nil
    }
}

/// The messages and trigger words of the deterministic failures, documented in the README.
public enum FailureMessages {
    /// An image URL containing this (any case) fails at the end of `VALIDATING`.
    public static let validationTrigger = "phota-fail-validation"
    /// An image URL containing this (any case) fails at the end of `IN_PROGRESS`.
    public static let trainingTrigger = "phota-fail-training"

    /// The message for an image URL whose path does not end in a supported extension.
    public static func unsupportedFormat(_ url: String) -> String {
        "Unsupported image format: \(url). Supported formats are JPEG, PNG, WebP and HEIC/HEIF."
    }

    /// The message for an image URL carrying the validation trigger.
    public static func noSubject(_ url: String) -> String {
        "No subject detected in \(url)"
    }

    /// The message for a profile with an image URL carrying the training trigger.
    public static let trainingFailed =
        "Training failed: could not learn a consistent identity from the provided images."
}
