import Testing

// SPDX-License-Identifier: Apache-2.0
@testable import PhotaStorage

@Suite struct MigratorTests {
    /// Every schema object as (type, name, table, SQL with quotes dropped and white space folded), by name: what a
    /// table or index is, whatever path created it (a renamed table's SQL is stored with its name quoted).
    static func schemaFingerprint(_ db: Database) throws -> [String] {
        var rows: [String] = []
        try db.prepare("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY name").forEachRow {
            row in
            let sql = row.string(at: 3).replacingQuotes().split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(
                separator: " ")
            rows.append("\(row.string(at: 0)) \(row.string(at: 1)) \(row.string(at: 2)) \(sql)")
        }
        return rows
    }

    @Test func aNewDatabaseGetsTheSquashedSchemaEqualToEveryStepReplayed() throws {
        let squashed = try Database(path: ":memory:")
        #expect(try Migrator.phota.migrate(squashed) == [1, 2, 3, 4, 5, 6])
        var stepwise = Migrator()
        for step in Migrator.phota.migrations { stepwise.register(step.name, step.apply) }
        #expect(stepwise.squashed == nil)
        let replayed = try Database(path: ":memory:")
        #expect(try stepwise.migrate(replayed) == [1, 2, 3, 4, 5, 6])
        #expect(try Self.schemaFingerprint(squashed) == Self.schemaFingerprint(replayed))
        #expect(try Self.schemaFingerprint(squashed).count > 8)
        #expect(try Migrator.phota.appliedMigrations(squashed).map(\.name) == Migrator.phota.migrations.map(\.name))
        #expect(try Migrator.phota.migrate(squashed) == [])
    }

    @Test func aDatabaseWithTablesOfItsOwnIsMigratedStepByStep() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE unrelated (x)")
        var migrator = Migrator()
        migrator.register("one") { try $0.execute("CREATE TABLE a (x)") }
        migrator.register("two") { try $0.execute("CREATE TABLE b (x)") }
        migrator.squash(upTo: 1, "CREATE TABLE never (x)")
        #expect(try migrator.migrate(db) == [1, 2])
        #expect(
            try db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'never'").firstRow { $0.int(at: 0) } == 0)
        let fresh = try Database(path: ":memory:")
        #expect(try migrator.migrate(fresh) == [1, 2])
        #expect(
            try fresh.prepare("SELECT group_concat(name) FROM sqlite_master WHERE name != 'schema_migrations'").firstRow
            { $0.string(at: 0) } == "never,b")
    }
    @Test func appliesPendingStepsOnceAndRecordsThem() throws {
        let db = try Database(path: ":memory:")
        var migrator = Migrator()
        migrator.register("one") { try $0.execute("CREATE TABLE a (x)") }
        #expect(try migrator.migrate(db) == [1])
        #expect(try migrator.migrate(db) == [])
        migrator.register("two") { try $0.execute("CREATE TABLE b (x)") }
        #expect(try migrator.migrate(db) == [2])
        #expect(try migrator.migrate(db) == [])
        let applied = try migrator.appliedMigrations(db).map { "\($0.version):\($0.name)" }
        #expect(applied == ["1:one", "2:two"])
    }

    @Test func failingStepRollsBackAndIsNotRecorded() throws {
        let db = try Database(path: ":memory:")
        var migrator = Migrator()
        migrator.register("good") { try $0.execute("CREATE TABLE a (x)") }
        migrator.register("bad") { db in
            try db.execute("CREATE TABLE b (x)")
            try db.execute("CREATE TABLE a (x)")
        }
        #expect(throws: DatabaseError.self) { try migrator.migrate(db) }
        #expect(try migrator.appliedMigrations(db).map(\.name) == ["good"])
        #expect(try db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'b'").firstRow { $0.int(at: 0) } == 0)
    }

    @Test func refusesEditedOrUnknownHistory() throws {
        let db = try Database(path: ":memory:")
        var original = Migrator()
        original.register("one") { try $0.execute("CREATE TABLE a (x)") }
        original.register("two") { try $0.execute("CREATE TABLE b (x)") }
        try original.migrate(db)

        var renamed = Migrator()
        renamed.register("one") { _ in }
        renamed.register("deux") { _ in }
        #expect(throws: StorageError.migrationMismatch(version: 2, expected: "deux", found: "two")) {
            try renamed.migrate(db)
        }

        var older = Migrator()
        older.register("one") { _ in }
        #expect(throws: StorageError.unknownMigration(version: 2, name: "two")) { try older.migrate(db) }
    }

    @Test func photaSchemaMigratesIdempotently() throws {
        let db = try Database(path: ":memory:")
        #expect(try Migrator.phota.migrate(db) == [1, 2, 3, 4, 5, 6])
        #expect(try Migrator.phota.migrate(db) == [])
        var tables: [String] = []
        try db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .forEachRow { tables.append($0.string(at: 0)) }
        #expect(
            tables == [
                "accounts", "deliveries", "jobs", "profile_aliases", "profiles", "schema_migrations", "settings",
                "studio_outputs", "webhook_secrets",
            ])
    }
}

/// Versions 2, 3 and 4 move the history (to a seq-keyed table, then into the profile row) without
/// losing or reordering an entry, messages with line feeds and backslashes included.
@Suite struct HistoryMigrationTests {
    @Test func laterVersionsKeepEveryHistoryEntryInOrder() throws {
        let db = try Database(path: ":memory:")
        try db.execute("PRAGMA foreign_keys = ON")  // as Storage sets on every connection
        var first = Migrator()
        first.register("create accounts, profiles, transitions") { db in try db.execute(Schema.version1) }
        try first.migrate(db)
        try db.execute(
            """
            INSERT INTO profiles(id, api_key, tier, image_urls, status, created_at, status_at, validating_ms, queue_min_ms, training_ms)
            VALUES ('b', 'k', 'fast', '[]', 'READY', 0, 0, 0, 0, 0), ('a', 'k', 'fast', '[]', 'ERROR', 0, 0, 0, 0, 0),
                ('c', 'k', 'fast', '[]', 'VALIDATING', 0, 0, 0, 0, 0);
            INSERT INTO transitions(profile_id, status, at, message) VALUES
            ('a', 'QUEUING', 1, NULL), ('b', 'QUEUING', 2, NULL), ('a', 'ERROR', 3, 'no' || char(10) || 'sub\\ject'),
            ('b', 'READY', 4, ''), ('a', 'INACTIVE', 5, 'x y');
            """)
        #expect(try Migrator.phota.migrate(db) == [2, 3, 4, 5, 6])
        _ = try ProfileIDCodec.load(from: db, seed: 1)
        let profiles = ProfileRepository(db)
        #expect(
            try profiles.history(id: "a") == [
                Transition(profileID: "a", status: "QUEUING", at: 1),
                Transition(profileID: "a", status: "ERROR", at: 3, message: "no\nsub\\ject"),
                Transition(profileID: "a", status: "INACTIVE", at: 5, message: "x y"),
            ])
        #expect(
            try profiles.history(id: "b") == [
                Transition(profileID: "b", status: "QUEUING", at: 2),
                Transition(profileID: "b", status: "READY", at: 4, message: ""),
            ])
        #expect(try profiles.history(id: "c") == [])
        #expect(
            try db.prepare("SELECT history FROM profiles WHERE id = 'a'").firstRow { $0.string(at: 0) }
                == "1 QUEUING\n3 ERROR no\\nsub\\\\ject\n5 INACTIVE x y\n")
        #expect(try profiles.active().map(\.id) == ["c"])
        #expect(try profiles.delete(apiKey: "k", id: "a"))
        #expect(try profiles.history(id: "a") == [])
    }
}

/// Version 4 keeps the rows, their random ids (as aliases) and the seq high-water mark.
@Suite struct IDMigrationTests {
    @Test func oldIdsStayFoundAndSeqsAreNeverReused() throws {
        let db = try Database(path: ":memory:")
        var upToThree = Migrator()
        for migration in Migrator.phota.migrations.prefix(3) {
            upToThree.register(migration.name) { try migration.apply($0) }
        }
        try upToThree.migrate(db)
        for n in 1...3 {
            try db.execute(
                """
                INSERT INTO profiles(id, api_key, tier, image_urls, status, created_at, status_at, validating_ms, queue_min_ms, training_ms)
                VALUES ('\(ProfileRecord.make(n).id)', 'k', 'fast', '[]', 'READY', 0, 0, 0, 0, 0)
                """)
        }
        try db.execute("DELETE FROM profiles WHERE seq = 3")  // the high-water mark stays 3
        #expect(try Migrator.phota.migrate(db) == [4, 5, 6])
        let codec = try ProfileIDCodec.load(from: db, seed: 1)
        let profiles = ProfileRepository(db)
        #expect(try profiles.find(apiKey: "k", id: ProfileRecord.make(1).id)?.seq == 1)
        #expect(try profiles.find(apiKey: "k", id: ProfileRecord.make(2).id)?.seq == 2)
        #expect(try profiles.find(apiKey: "k", id: ProfileRecord.make(3).id) == nil)
        #expect(
            try db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'profiles'").firstRow { $0.int64(at: 0) } == 3)
        // A new row gets seq 4 and an id that needs no alias.
        var record = ProfileRecord.make(9, apiKey: "k")
        record.id = codec.encode(seq: 4)
        record.seq = 4
        #expect(try profiles.insert(record) == 4)
        #expect(try db.prepare("SELECT COUNT(*) FROM profile_aliases").firstRow { $0.int(at: 0) } == 2)
        #expect(try profiles.find(apiKey: "k", id: record.id)?.seq == 4)
        #expect(try profiles.ids(apiKey: "k") == [ProfileRecord.make(1).id, ProfileRecord.make(2).id, record.id])
        #expect(try profiles.delete(apiKey: "k", id: ProfileRecord.make(1).id))
        #expect(try db.prepare("SELECT COUNT(*) FROM profile_aliases").firstRow { $0.int(at: 0) } == 1)
    }
}

extension String {
    fileprivate func replacingQuotes() -> String { String(self.filter { $0 != "\"" }) }
}
