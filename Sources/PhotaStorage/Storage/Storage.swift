// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials
import Glibc
import Synchronization

/// The emulator's state store: concurrent reads, one group-committing writer.
///
/// Reads run on the calling thread, on a pooled read-only connection (WAL mode lets them proceed
/// while the writer writes). Writes are queued to the single writer thread, which commits all
/// queued work in one transaction. `:memory:` keeps one connection that reads and writes take
/// turns on (see `SerializedConnection`).
/// ```swift
/// let storage = try Storage(path: "/var/lib/phota/state.sqlite")
/// storage.write({ db in try ProfileRepository(db).insert(record) }) { result in ... }
/// let ids = try storage.read { try ProfileRepository($0).ids(apiKey: key) }
/// storage.close()
/// ```
public final class Storage: Sendable {
    /// The database path, or `:memory:`.
    public let path: String
    let writer: WriteQueue
    let readers: ReaderPool?
    let checkpointer: Checkpointer?
    /// Makes and reads this database's profile ids (its key is stored in the database).
    public let profileIDs: ProfileIDCodec
    /// The highest profile seq ever assigned when the storage opened (deleted profiles included).
    public let lastProfileSeq: Int64
    let isClosed = Atomic<Bool>(false)

    /// Opens (creating it and its parent directories when missing) and migrates the database.
    /// - Parameters:
    ///   - path: a file path, or `:memory:` for a private in-memory database.
    ///   - maxIdleReaders: read connections opened at start and kept open for reuse (one per thread
    ///     that reads at once is enough).
    ///   - busyTimeoutMs: how long a connection waits for a lock before `SQLITE_BUSY`.
    ///   - walCheckpointFrames: WAL size (pages) at which a background checkpoint copies it back.
    ///   - walRestartFrames: WAL size (pages) past which the WAL is rewound (briefly holding the writer).
    ///   - idSeed: draws the profile-id key of a new database reproducibly (an existing database
    ///     keeps its key, so its ids keep decoding); nil draws it at random.
    ///   - migrator: the schema history to apply at start-up.
    /// - Throws: `DatabaseError` when opening, configuring or migrating fails; file-system errors
    ///   when the directory cannot be created; `StorageError` on a migration-history mismatch.
    public init(
        path: String, maxIdleReaders: Int = 4, busyTimeoutMs: Int = 5000,
        walCheckpointFrames: Int = 4000, walRestartFrames: Int = 16000, idSeed: UInt64? = nil,
        migrator: Migrator = .phota
    ) throws {
        self.path = path
        let options = ConnectionOptions(busyTimeoutMs: busyTimeoutMs)
        let isMemory = path == ":memory:"
        if !isMemory { try Storage.createParentDirectory(of: path) }
        let isNewFile = !isMemory && Storage.isMissingOrEmpty(path)
        let writerDB = try Database(path: path)
        try isMemory ? options.configureMemory(writerDB) : options.configureWriter(writerDB, isNewFile: isNewFile)
        // How far the migrations grew the WAL, for deciding below whether to copy it back before serving.
        let migrated = Atomic<Int>(0)
        if !isMemory { writerDB.onWALCommit { migrated.store($0, ordering: .relaxed) } }
        try migrator.migrate(writerDB)
        if !isMemory { try options.writerMigrated(writerDB) }
        let codec = try Storage.profileIDCodec(writerDB, seed: idSeed)
        self.profileIDs = codec
        self.lastProfileSeq = try Storage.highestProfileSeq(writerDB)
        if isMemory {
            self.readers = nil
            self.checkpointer = nil
        } else {
            let readers = ReaderPool(maxIdle: maxIdleReaders) {
                let reader = try Database(path: path)
                try options.configureReader(reader)
                try codec.define(on: reader)
                return reader
            }
            // Opened now, while descriptors are plentiful: serving then needs none of its own.
            try readers.fill()
            self.readers = readers
            // A large upgrade's WAL is copied back now, before the first request waits on a commit; a new
            // schema's few pages are left to the background checkpoints like any commit's.
            let migratedFrames = migrated.load(ordering: .relaxed)
            if migratedFrames >= walRestartFrames { _ = try? writerDB.checkpoint() }
            let checkpointDB = try Database(path: path)
            try options.configureCheckpointer(checkpointDB)
            let checkpointer = Checkpointer(
                connection: checkpointDB, passiveFrames: walCheckpointFrames, restartFrames: walRestartFrames)
            writerDB.onWALCommit { [unowned writerDB] frames in
                // Called on the writer thread after each commit, where SQLite's own automatic
                // checkpoint would run; a busy checkpointer makes this a no-op, retried next commit.
                if checkpointer.writerShouldCatchUp(frames: frames) {
                    _ = try? writerDB.checkpoint()
                } else {
                    checkpointer.walCommitted(frames: frames)
                }
            }
            checkpointer.walCommitted(frames: migratedFrames)
            self.checkpointer = checkpointer
        }
        // After migrating, the WAL exists and is the one every later commit goes to.
        self.writer = WriteQueue(
            connection: SerializedConnection(writerDB), files: isMemory ? nil : DatabaseFiles(databasePath: path))
    }

    deinit {
        self.close()
    }

    /// Whether this is the `:memory:` store.
    public var isInMemory: Bool {
        self.readers == nil
    }

    /// Transactions the writer has committed so far; with group commit this grows slower than
    /// the number of writes.
    public var committedTransactions: Int {
        self.writer.committedTransactions.load(ordering: .relaxed)
    }

    /// What the last group commit showed, after checking (one `stat` per file) that the database
    /// file and its WAL are still the ones opened, so that a deletion is reported even before the
    /// next write. Meant for readiness checks, not per request.
    public func checkHealth() -> StorageHealth {
        _ = self.writer.filesAreInPlace()
        return self.writer.health
    }

    /// Runs `body` on a read connection in one read transaction (one consistent snapshot).
    ///
    /// Callable from any number of threads at once; never waits for the writer in file mode.
    /// In `:memory:` mode reads take turns with the writer's batches on the one connection, and a
    /// read nested inside a write closure sees that batch's uncommitted changes.
    /// - Throws: `StorageError.closed` after `close()`, `DatabaseError`, or what `body` throws.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        guard !self.isClosed.load(ordering: .acquiring) else { throw StorageError.closed }
        if let readers = self.readers {
            return try readers.withReader(body)
        }
        return try self.writer.connection.withConnection { db in
            try db.transaction(.deferred) { try body(db) }
        }
    }

    /// The database's id codec (also defined as `profile_seq` on `db`); for a schema without
    /// profiles (tests of other migrations), an unstored one.
    private static func profileIDCodec(_ db: Database, seed: UInt64?) throws -> ProfileIDCodec {
        let tables = try db.prepare(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('settings', 'profiles')")
        guard try tables.firstRow({ $0.int(at: 0) }) == 2 else {
            return ProfileIDCodec(keyText: ProfileIDCodec.newKeyText(seed: seed))!
        }
        return try ProfileIDCodec.load(from: db, seed: seed)
    }

    private static func highestProfileSeq(_ db: Database) throws -> Int64 {
        let tables = try db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'profiles'")
        guard try tables.firstRow({ $0.int(at: 0) }) == 1 else { return 0 }
        let counter =
            try db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'profiles'").firstRow { $0.int64(at: 0) } ?? 0
        let stored = try db.prepare("SELECT coalesce(max(seq), 0) FROM profiles").firstRow { $0.int64(at: 0) } ?? 0
        return max(counter, stored)
    }

    /// True when `path` names no file yet, or an empty one: a database about to be created.
    private static func isMissingOrEmpty(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) != 0 || info.st_size == 0
    }

    private static func createParentDirectory(of path: String) throws {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return }
        let parent = String(path[..<slash])
        guard !parent.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    }
}
