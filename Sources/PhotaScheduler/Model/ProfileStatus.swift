// SPDX-License-Identifier: Apache-2.0

/// A profile's lifecycle status, spelled as the API spells it.
///
/// The normal path is `VALIDATING → QUEUING → IN_PROGRESS → READY`; any phase may end in `ERROR`
/// with a message, and `INACTIVE` is only reached by ``Scheduler/force(id:status:message:)``.
public enum ProfileStatus: String, Codable, Sendable, CaseIterable, Hashable {
    /// Images are being downloaded and checked.
    case validating = "VALIDATING"
    /// Validated; waiting for the minimum queue time and a free training slot.
    case queuing = "QUEUING"
    /// Training in a slot.
    case inProgress = "IN_PROGRESS"
    /// Trained; usable in edits.
    case ready = "READY"
    /// Failed; `message` says why.
    case error = "ERROR"
    /// Deactivated; only set through `force`.
    case inactive = "INACTIVE"

    /// True for the statuses a profile never leaves on its own: `READY`, `ERROR` and `INACTIVE`.
    public var isFinal: Bool {
        switch self {
        case .validating, .queuing, .inProgress: false
        case .ready, .error, .inactive: true
        }
    }

    /// A dense index for per-status counters.
    var index: Int {
        switch self {
        case .validating: 0
        case .queuing: 1
        case .inProgress: 2
        case .ready: 3
        case .error: 4
        case .inactive: 5
        }
    }
}
