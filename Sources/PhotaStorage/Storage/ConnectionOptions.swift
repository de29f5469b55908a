// SPDX-License-Identifier: Apache-2.0

/// The pragmas every connection gets, per role, applied right after opening.
struct ConnectionOptions: Sendable {
    var busyTimeoutMs: Int

    /// The writer: WAL with synchronous=NORMAL. "In WAL mode when synchronous is NORMAL … a
    /// transaction committed … might roll back following a power loss or system crash", but not
    /// after an application crash (sqlite.org/pragma.html#pragma_synchronous): `kill -9` keeps
    /// every committed batch, and commits skip the per-transaction fsync of FULL.
    ///
    /// A database file made just now is set up without syncing until `writerMigrated`: switching an empty file's
    /// journal mode writes its first page through a rollback journal, and the first commit to a new WAL syncs its
    /// header and directory, six `fdatasync`s (a third of the start-up of a new file) to make an empty schema
    /// survive a power cut. Its first checkpoint syncs it all; an application crash loses nothing either way.
    func configureWriter(_ db: Database, isNewFile: Bool = false) throws {
        try db.execute(isNewFile ? "PRAGMA synchronous = OFF" : "PRAGMA synchronous = NORMAL")
        let mode = try db.prepare("PRAGMA journal_mode = WAL").firstRow { $0.string(at: 0) }
        guard mode?.lowercased() == "wal" else {
            throw DatabaseError(
                resultCode: .error, message: "journal_mode is \(mode ?? "unknown"), not wal",
                sql: "PRAGMA journal_mode = WAL")
        }
        // 2 MiB of page cache (about SQLite's default). Every COMMIT walks the cache's whole hash
        // table (the page cache is trimmed to the database size), so a larger cache is slower per
        // commit: with 64 MiB that walk alone was 5 % of the writer's time. A batch that dirties
        // more pages than fit spills some to the WAL before COMMIT: slower, equally durable.
        try db.execute("PRAGMA cache_size = -2048")
        // When the WAL rewinds, truncate its file back to at most 64 MiB.
        try db.execute("PRAGMA journal_size_limit = 67108864")
        // Checkpoints run on their own connection and thread (`Checkpointer`): none in a COMMIT.
        try db.execute("PRAGMA wal_autocheckpoint = 0")
        try self.configureFile(db)
    }

    /// The writer once the schema is in place: every commit from here on is as durable as described above.
    func writerMigrated(_ db: Database) throws {
        try db.execute("PRAGMA synchronous = NORMAL")
    }

    /// The checkpointer: it syncs the WAL and then the database file around each copy, as the
    /// writer's own checkpoints would under synchronous=NORMAL.
    func configureCheckpointer(_ db: Database) throws {
        try db.execute("PRAGMA synchronous = NORMAL")
        try db.execute("PRAGMA wal_autocheckpoint = 0")
        try self.configureCommon(db)
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
        // Temporary files in memory. On the writer, every queued write runs in its own savepoint,
        // whose journal (the copies of the pages it touches, kept only to undo that write within
        // the open transaction) would otherwise be a temporary file created, written and deleted
        // per batch; it is never needed after a crash: committed data lives in the WAL and the
        // database, which temp_store does not affect. On every connection, a sort or temporary
        // index would otherwise open a file mid-request, a descriptor that may not be there.
        try db.execute("PRAGMA temp_store = MEMORY")
        try db.execute("PRAGMA busy_timeout = \(self.busyTimeoutMs)")
        try db.execute("PRAGMA foreign_keys = ON")
    }
}
