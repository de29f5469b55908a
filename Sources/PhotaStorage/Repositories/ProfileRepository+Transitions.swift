// SPDX-License-Identifier: Apache-2.0

extension ProfileRepository {
    /// Applies status changes in order: sets status, message, status_at and the phase timestamp
    /// of the new status, and appends each to the profile's history. Ids that no longer exist
    /// (deleted meanwhile) are skipped.
    ///
    /// All the changes of one profile are merged into a single UPDATE that leaves the row as
    /// applying them one by one would (the last status, message and time; each phase column
    /// stamped by the last change that stamps it; every change appended to the history, in order):
    /// a profile moving through several statuses at once then costs one row and index update
    /// instead of one per status. Rows of different profiles are independent.
    /// - Returns: how many transitions were applied.
    /// - Throws: `DatabaseError`; the whole call is atomic.
    @discardableResult
    public func apply(_ transitions: [Transition]) throws -> Int {
        try self.db.transaction(.immediate) {
            var merged: [String: MergedTransition] = [:]
            var order: [String] = []
            for transition in transitions {
                if merged[transition.profileID] != nil {
                    merged[transition.profileID]!.add(transition)
                } else {
                    merged[transition.profileID] = MergedTransition(transition)
                    order.append(transition.profileID)
                }
            }
            let update = try self.db.prepare(Self.applySQL)
            var applied = 0
            for id in order {
                let change = merged[id]!
                let last = change.last
                try update.run(
                    last.status, last.message, last.at, HistoryText.encode(change.all), id,
                    change.validatingAt, change.queuedAt, change.trainingAt, change.finishedAt)
                if self.db.changes > 0 { applied += change.all.count }
            }
            return applied
        }
    }

    /// The phase column each status stamps when it begins.
    static func phaseColumn(for status: String) -> String? {
        switch status {
        case "VALIDATING": "validating_at"
        case "QUEUING": "queued_at"
        case "IN_PROGRESS": "training_at"
        case "READY", "ERROR": "finished_at"
        default: nil
        }
    }

    /// One or several changes of one profile: a NULL phase parameter keeps that column as it is.
    static let applySQL = """
        UPDATE profiles SET status = ?1, message = ?2, status_at = ?3, history = history || ?4,
            validating_at = COALESCE(?6, validating_at), queued_at = COALESCE(?7, queued_at),
            training_at = COALESCE(?8, training_at), finished_at = COALESCE(?9, finished_at)
        WHERE \(rowOfID(parameter: 5))
        """
}

/// One profile's changes within an `apply` call, folded into the row values they leave behind.
struct MergedTransition {
    private(set) var all: [Transition]
    private(set) var validatingAt: Int64?
    private(set) var queuedAt: Int64?
    private(set) var trainingAt: Int64?
    private(set) var finishedAt: Int64?

    var last: Transition { self.all[self.all.count - 1] }

    init(_ transition: Transition) {
        self.all = [transition]
        self.stamp(transition)
    }

    /// Folds in the next change of the same profile.
    mutating func add(_ transition: Transition) {
        self.all.append(transition)
        self.stamp(transition)
    }

    private mutating func stamp(_ transition: Transition) {
        switch ProfileRepository.phaseColumn(for: transition.status) {
        case "validating_at": self.validatingAt = transition.at
        case "queued_at": self.queuedAt = transition.at
        case "training_at": self.trainingAt = transition.at
        case "finished_at": self.finishedAt = transition.at
        default: break
        }
    }
}
