// SPDX-License-Identifier: Apache-2.0

/// An async job's lifecycle: `QUEUED → RUNNING → SUCCEEDED | FAILED`. A job waits in `QUEUED` while its
/// account's job slots are busy; `FAILED` carries a Phota error body.
public enum JobStatus: String, Sendable, CaseIterable {
    case queued = "QUEUED"
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"

    /// No transition leaves a final status.
    public var isFinal: Bool { self == .succeeded || self == .failed }

    /// The statuses this one may move to; anything else is a bug the runner refuses.
    public var successors: Set<JobStatus> {
        switch self {
        case .queued: [.running]
        case .running: [.succeeded, .failed]
        case .succeeded, .failed: []
        }
    }

    /// Whether `next` may follow this status.
    public func canMove(to next: JobStatus) -> Bool { self.successors.contains(next) }
}
