// SPDX-License-Identifier: Apache-2.0

extension ProfileRepository {
    /// Applies status changes in order: sets status, message, status_at and the phase timestamp
    /// of the new status, and appends each to the history. Ids that no longer exist (deleted
    /// meanwhile) are skipped.
    ///
    /// All the changes of one profile are merged into a single UPDATE that leaves the row as
    /// applying them one by one would (the last status, message and time; each phase column
    /// stamped by the last change that stamps it): a profile moving through several statuses at
    /// once then costs one row and index update instead of one per status. Rows of different
    /// profiles are independent, and the history keeps the given order.
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
            var missing = Set<String>()
            for id in order {
                if try !self.update(id: id, to: merged[id]!) { missing.insert(id) }
            }
            var applied = 0
            let history = try self.db.prepare(Self.historyInsertSQL)
            for transition in transitions where !missing.contains(transition.profileID) {
                try history.run(transition.status, transition.at, transition.message, transition.profileID)
                applied += 1
            }
            return applied
        }
    }

    /// A history row keyed by the profile's seq, found through the id's UNIQUE index.
    static let historyInsertSQL = """
        INSERT INTO transitions(profile_seq, profile_id, status, at, message) SELECT seq, id, ?, ?, ? FROM profiles WHERE id = ?
        """

    /// Sets the row of `id` to the outcome of its changes.
    /// - Returns: whether the row exists.
    private func update(id: String, to change: MergedTransition) throws -> Bool {
        let last = change.last
        if change.count == 1 {
            try self.db.prepare(Self.updateSQL(for: last.status)).run(last.status, last.message, last.at, id)
        } else {
            try self.db.prepare(Self.mergedUpdateSQL).run(
                last.status, last.message, last.at, id,
                change.validatingAt, change.queuedAt, change.trainingAt, change.finishedAt)
        }
        return self.db.changes > 0
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

    // One fixed SQL text per phase column, so each is compiled once and then served from the cache.
    private static let updateByColumn: [String: String] = {
        var sql: [String: String] = [:]
        for column in ["validating_at", "queued_at", "training_at", "finished_at"] {
            sql[column] = "UPDATE profiles SET status = ?1, message = ?2, status_at = ?3, \(column) = ?3 WHERE id = ?4"
        }
        sql[""] = "UPDATE profiles SET status = ?1, message = ?2, status_at = ?3 WHERE id = ?4"
        return sql
    }()

    /// Several changes at once: a NULL phase parameter keeps that column as it is.
    static let mergedUpdateSQL = """
        UPDATE profiles SET status = ?1, message = ?2, status_at = ?3,
            validating_at = COALESCE(?5, validating_at), queued_at = COALESCE(?6, queued_at),
            training_at = COALESCE(?7, training_at), finished_at = COALESCE(?8, finished_at)
        WHERE id = ?4
        """

    static func updateSQL(for status: String) -> String {
        // INACTIVE (and any status without a phase) sets only status, message and status_at.
        Self.updateByColumn[Self.phaseColumn(for: status) ?? ""]!
    }
}

/// One profile's changes within an `apply` call, folded into the row values they leave behind.
struct MergedTransition {
    private(set) var last: Transition
    private(set) var count = 1
    private(set) var validatingAt: Int64?
    private(set) var queuedAt: Int64?
    private(set) var trainingAt: Int64?
    private(set) var finishedAt: Int64?

    init(_ transition: Transition) {
        self.last = transition
        self.stamp(transition)
    }

    /// Folds in the next change of the same profile.
    mutating func add(_ transition: Transition) {
        self.last = transition
        self.count += 1
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
