// SPDX-License-Identifier: Apache-2.0

extension ProfileRepository {
    /// Applies status changes in order: sets status, message, status_at and the phase timestamp
    /// of the new status, and appends each to the history. Ids that no longer exist (deleted
    /// meanwhile) are skipped.
    ///
    /// Consecutive changes of one profile are merged into a single UPDATE that leaves the row as
    /// applying them one by one would (the last status, message and time; each phase column
    /// stamped by the last change that stamps it): a profile moving through several statuses at
    /// once then costs one row and index update instead of one per status.
    /// - Returns: how many transitions were applied.
    /// - Throws: `DatabaseError`; the whole call is atomic.
    @discardableResult
    public func apply(_ transitions: [Transition]) throws -> Int {
        try self.db.transaction(.immediate) {
            var applied = 0
            let history = try self.db.prepare("INSERT INTO transitions(profile_id, status, at, message) VALUES (?, ?, ?, ?)")
            var start = transitions.startIndex
            while start < transitions.endIndex {
                let id = transitions[start].profileID
                var end = transitions.index(after: start)
                while end < transitions.endIndex && transitions[end].profileID == id {
                    end = transitions.index(after: end)
                }
                let run = transitions[start..<end]
                start = end
                guard try self.update(id: id, to: run) else { continue }
                for transition in run {
                    try history.run(transition.profileID, transition.status, transition.at, transition.message)
                }
                applied += run.count
            }
            return applied
        }
    }

    /// Sets the row of `id` to the outcome of `run` (one profile's changes, in order).
    /// - Returns: whether the row exists.
    private func update(id: String, to run: ArraySlice<Transition>) throws -> Bool {
        let last = run[run.index(before: run.endIndex)]
        if run.count == 1 {
            try self.db.prepare(Self.updateSQL(for: last.status)).run(last.status, last.message, last.at, id)
            return self.db.changes > 0
        }
        var stamps: [String: Int64] = [:]
        for transition in run {
            if let column = Self.phaseColumn(for: transition.status) { stamps[column] = transition.at }
        }
        try self.db.prepare(Self.mergedUpdateSQL).run(
            last.status, last.message, last.at, id,
            stamps["validating_at"], stamps["queued_at"], stamps["training_at"], stamps["finished_at"])
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
