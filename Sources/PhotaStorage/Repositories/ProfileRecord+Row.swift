// SPDX-License-Identifier: Apache-2.0

extension ProfileRecord {
    /// The column list every profile SELECT uses, in the order `init(row:)` reads.
    static let columns = """
        seq, id, api_key, tag, tier, image_urls, status, message, created_at, status_at, \
        validating_at, queued_at, training_at, finished_at, validating_ms, queue_min_ms, training_ms, \
        fail_phase, fail_message
        """

    /// Reads a row selected with `columns`.
    init(row: Statement) {
        self.init(
            seq: row.int64(at: 0), id: row.string(at: 1), apiKey: row.string(at: 2), tag: row.optionalString(at: 3),
            tier: row.string(at: 4), imageURLs: row.string(at: 5), status: row.string(at: 6),
            message: row.optionalString(at: 7), createdAt: row.int64(at: 8), statusAt: row.int64(at: 9),
            validatingAt: row.optionalInt64(at: 10), queuedAt: row.optionalInt64(at: 11),
            trainingAt: row.optionalInt64(at: 12), finishedAt: row.optionalInt64(at: 13),
            validatingMs: row.int64(at: 14), queueMinMs: row.int64(at: 15), trainingMs: row.int64(at: 16),
            failPhase: row.optionalString(at: 17), failMessage: row.optionalString(at: 18)
        )
    }

    /// Binds every column but `seq` to parameters 1…18, in `columns` order, and `seq` to 19
    /// (NULL when 0, so that SQLite assigns the next one).
    func bindInsert(to statement: Statement) throws {
        try statement.bind(
            self.id, self.apiKey, self.tag, self.tier, self.imageURLs, self.status, self.message,
            self.createdAt, self.statusAt, self.validatingAt, self.queuedAt, self.trainingAt, self.finishedAt,
            self.validatingMs, self.queueMinMs, self.trainingMs, self.failPhase, self.failMessage,
            self.seq > 0 ? self.seq : nil
        )
    }
}
