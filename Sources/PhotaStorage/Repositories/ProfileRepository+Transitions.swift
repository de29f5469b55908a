// SPDX-License-Identifier: Apache-2.0

extension ProfileRepository {
    /// Applies status changes in order: sets status, message, status_at and the phase timestamp
    /// of the new status, and appends each to the history. Ids that no longer exist (deleted
    /// meanwhile) are skipped.
    /// - Returns: how many transitions were applied.
    /// - Throws: `DatabaseError`; the whole call is atomic.
    @discardableResult
    public func apply(_ transitions: [Transition]) throws -> Int {
        try self.db.transaction(.immediate) {
            var applied = 0
            let history = try self.db.prepare("INSERT INTO transitions(profile_id, status, at, message) VALUES (?, ?, ?, ?)")
            for transition in transitions {
                try self.db.prepare(Self.updateSQL(for: transition.status))
                    .run(transition.status, transition.message, transition.at, transition.profileID)
                guard self.db.changes > 0 else { continue }
                try history.run(transition.profileID, transition.status, transition.at, transition.message)
                applied += 1
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

    // One fixed SQL text per phase column, so each is compiled once and then served from the cache.
    private static let updateByColumn: [String: String] = {
        var sql: [String: String] = [:]
        for column in ["validating_at", "queued_at", "training_at", "finished_at"] {
            sql[column] = "UPDATE profiles SET status = ?1, message = ?2, status_at = ?3, \(column) = ?3 WHERE id = ?4"
        }
        sql[""] = "UPDATE profiles SET status = ?1, message = ?2, status_at = ?3 WHERE id = ?4"
        return sql
    }()

    static func updateSQL(for status: String) -> String {
        // INACTIVE (and any status without a phase) sets only status, message and status_at.
        Self.updateByColumn[Self.phaseColumn(for: status) ?? ""]!
    }
}
