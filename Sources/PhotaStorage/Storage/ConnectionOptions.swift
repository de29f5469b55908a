// SPDX-License-Identifier: Apache-2.0

/// The pragmas every connection gets, per role, applied right after opening.
struct ConnectionOptions: Sendable {
    var busyTimeoutMs: Int

    /// The writer: WAL with synchronous=NORMAL. "In WAL mode when synchronous is NORMAL … a
    /// transaction committed … might roll back following a power loss or system crash", but not
    /// after an application crash (sqlite.org/pragma.html#pragma_synchronous): `kill -9` keeps
    /// every committed batch, and commits skip the per-transaction fsync of FULL.
    func configureWriter(_ db: Database) throws {
        let mode = try db.prepare("PRAGMA journal_mode = WAL").firstRow { $0.string(at: 0) }
        guard mode?.lowercased() == "wal" else {
            throw DatabaseError(resultCode: .error, message: "journal_mode is \(mode ?? "unknown"), not wal", sql: "PRAGMA journal_mode = WAL")
        }
        try db.execute("PRAGMA synchronous = NORMAL")
        try self.configureCommon(db)
    }

    /// A reader: query_only, so a read closure cannot write behind the writer's back.
    func configureReader(_ db: Database) throws {
        try self.configureCommon(db)
        try db.execute("PRAGMA query_only = ON")
    }

    /// The single `:memory:` connection (its journal is in memory; there is no WAL).
    func configureMemory(_ db: Database) throws {
        try self.configureCommon(db)
    }

    private func configureCommon(_ db: Database) throws {
        try db.execute("PRAGMA busy_timeout = \(self.busyTimeoutMs)")
        try db.execute("PRAGMA foreign_keys = ON")
    }
}
