// SPDX-License-Identifier: Apache-2.0

/// The phase at whose end a planned failure turns a profile into `ERROR`.
public enum FailurePhase: String, Codable, Sendable, CaseIterable, Hashable {
    /// At the end of `VALIDATING`, before the profile ever queues.
    case validating
    /// At the end of the minimum `QUEUING` time, before a slot is taken.
    case queuing
    /// At the end of `IN_PROGRESS`, when the slot is released.
    case training
}
