// SPDX-License-Identifier: Apache-2.0

/// An append-only list of named schema steps, applied in order and recorded in `schema_migrations`.
///
/// Version `n` is the `n`-th registered step. `migrate` applies only what is not recorded yet, each
/// step in its own transaction, so running it at every start-up is cheap and idempotent. A recorded
/// name that differs from the registered one means the list was edited instead of appended to,
/// and migration refuses to continue.
/// ```swift
/// var migrator = Migrator()
/// migrator.register("create t") { db in try db.execute("CREATE TABLE t(a)") }
/// try migrator.migrate(db)
/// ```
public struct Migrator: Sendable {
    /// One named step.
    public struct Migration: Sendable {
        /// The step's name, recorded beside its version.
        public let name: String
        let apply: @Sendable (Database) throws -> Void
    }

    /// The registered steps, in version order (version = index + 1).
    public private(set) var migrations: [Migration] = []

    /// What the first `version` steps amount to, as one script for a database that has none of them yet.
    public struct Squashed: Sendable {
        /// How many steps the script stands for.
        public let version: Int
        /// The schema those steps leave, created directly.
        public let sql: String
    }

    /// The squashed prefix, if any: a new database gets it in one transaction instead of replaying each step
    /// (in memory, replaying four steps' renames and rebuilds was a fifth of the whole start-up).
    public private(set) var squashed: Squashed?

    /// An empty migrator.
    public init() {}

    /// Appends a step.
    /// - Parameters:
    ///   - name: a unique, stable name (never rename a shipped step).
    ///   - apply: the schema change; runs inside a transaction.
    public mutating func register(_ name: String, _ apply: @escaping @Sendable (Database) throws -> Void) {
        precondition(!self.migrations.contains { $0.name == name }, "duplicate migration \(name)")
        self.migrations.append(Migration(name: name, apply: apply))
    }

    /// Declares that `sql` creates what the first `version` registered steps leave. A test must hold the two equal
    /// (`schemaFingerprint`): the steps stay the truth for upgrading old databases.
    public mutating func squash(upTo version: Int, _ sql: String) {
        precondition((1...self.migrations.count).contains(version), "squash past the registered steps")
        self.squashed = Squashed(version: version, sql: sql)
    }

    /// Applies every step not yet recorded in `db`.
    /// - Returns: the versions applied by this call (empty when already up to date).
    /// - Throws: `StorageError.migrationMismatch` or `.unknownMigration` when the recorded history
    ///   does not match this list; `DatabaseError` from a failing step (which is rolled back).
    @discardableResult
    public func migrate(_ db: Database) throws -> [Int] {
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL
            )
            """)
        let applied = try self.appliedMigrations(db)
        try self.verify(applied)
        var done: [Int] = []
        if applied.isEmpty, let squashed = self.squashed, try Self.isEmpty(db) {
            try db.transaction(.immediate) {
                try db.execute(squashed.sql)
                let record = try db.prepare("INSERT INTO schema_migrations(version, name) VALUES (?, ?)")
                for version in 1...squashed.version {
                    try record.run(version, self.migrations[version - 1].name)
                }
            }
            done = Array(1...squashed.version)
        }
        let recorded = applied.count + done.count
        for (offset, migration) in self.migrations.enumerated() where offset + 1 > recorded {
            let version = offset + 1
            try db.transaction(.immediate) {
                try migration.apply(db)
                try db.prepare("INSERT INTO schema_migrations(version, name) VALUES (?, ?)").run(
                    version, migration.name)
            }
            done.append(version)
        }
        return done
    }

    /// The recorded (version, name) pairs, in version order.
    /// - Throws: `DatabaseError` when the table cannot be read.
    public func appliedMigrations(_ db: Database) throws -> [(version: Int, name: String)] {
        var rows: [(version: Int, name: String)] = []
        try db.prepare("SELECT version, name FROM schema_migrations ORDER BY version").forEachRow {
            rows.append((version: $0.int(at: 0), name: $0.string(at: 1)))
        }
        return rows
    }

    /// True when `db` holds no table but the migration history: a database being created.
    private static func isEmpty(_ db: Database) throws -> Bool {
        let count = try db.prepare(
            "SELECT count(*) FROM sqlite_master WHERE name NOT IN ('schema_migrations', 'sqlite_sequence')"
        ).firstRow { $0.int(at: 0) }
        return count == 0
    }

    private func verify(_ applied: [(version: Int, name: String)]) throws {
        for (offset, row) in applied.enumerated() {
            guard row.version == offset + 1, offset < self.migrations.count else {
                throw StorageError.unknownMigration(version: row.version, name: row.name)
            }
            guard self.migrations[offset].name == row.name else {
                throw StorageError.migrationMismatch(
                    version: row.version, expected: self.migrations[offset].name, found: row.name)
            }
        }
    }
}
