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
        // A group commit can hold thousands of rows; a 64 MiB page cache keeps such a batch from
        // spilling dirty pages to the WAL before COMMIT (the default is 2 MiB).
        try db.execute("PRAGMA cache_size = -2048")
        // A large batch grows the WAL; after a checkpoint, truncate it back to at most 64 MiB.
        try db.execute("PRAGMA journal_size_limit = 67108864")
        // Every queued write runs in its own savepoint, whose journal (the copies of the pages it
        // touches, kept only to undo that write within the open transaction) would otherwise be a
        // temporary file created, written and deleted per batch. It is never needed after a crash:
        // committed data lives in the WAL and the database, which temp_store does not affect.
        try db.execute("PRAGMA temp_store = MEMORY")
        // A checkpoint (copying the WAL into the database, with an fsync of each) every 10,000
        // pages (about 40 MiB) instead of SQLite's 1,000: pages that many batches rewrite, such as
        // index leaves, are copied once per checkpoint, and the writer stalls ten times less often.
        // Committed transactions survive `kill -9` either way: they are in the WAL.
        try db.execute("PRAGMA wal_autocheckpoint = 10000")
        try self.configureFile(db)
    }

    /// A reader: query_only, so a read closure cannot write behind the writer's back.
    func configureReader(_ db: Database) throws {
        try self.configureFile(db)
        try db.execute("PRAGMA query_only = ON")
    }

    /// The single `:memory:` connection (its journal is in memory; there is no WAL).
    func configureMemory(_ db: Database) throws {
        try self.configureCommon(db)
    }

    /// Connections to a file also map it: reads of database pages then come straight from the
    /// page cache of the OS instead of a `pread` copy per page ("memory-mapped I/O", sqlite.org/mmap.html).
    /// Pages still in the WAL are read from the WAL as usual.
    private func configureFile(_ db: Database) throws {
        try db.execute("PRAGMA mmap_size = 268435456")
        try self.configureCommon(db)
    }

    private func configureCommon(_ db: Database) throws {
        try db.execute("PRAGMA busy_timeout = \(self.busyTimeoutMs)")
        try db.execute("PRAGMA foreign_keys = ON")
    }
}
