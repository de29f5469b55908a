// SPDX-License-Identifier: Apache-2.0
@testable import PhotaStorage
import Testing

@Suite struct MigratorTests {
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
        #expect(throws: StorageError.migrationMismatch(version: 2, expected: "deux", found: "two")) { try renamed.migrate(db) }

        var older = Migrator()
        older.register("one") { _ in }
        #expect(throws: StorageError.unknownMigration(version: 2, name: "two")) { try older.migrate(db) }
    }

    @Test func photaSchemaMigratesIdempotently() throws {
        let db = try Database(path: ":memory:")
        #expect(try Migrator.phota.migrate(db) == [1, 2])
        #expect(try Migrator.phota.migrate(db) == [])
        var tables: [String] = []
        try db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .forEachRow { tables.append($0.string(at: 0)) }
        #expect(tables == ["accounts", "profiles", "schema_migrations", "transitions"])
    }
}

/// Version 2 moves the history to a seq-keyed table without losing or reordering a row.
@Suite struct HistoryMigrationTests {
    @Test func version2KeepsEveryHistoryRowInOrder() throws {
        let db = try Database(path: ":memory:")
        try db.execute("PRAGMA foreign_keys = ON")  // as Storage sets on every connection
        var first = Migrator()
        first.register("create accounts, profiles, transitions") { db in try db.execute(Schema.version1) }
        try first.migrate(db)
        try db.execute("""
            INSERT INTO profiles(id, api_key, tier, image_urls, status, created_at, status_at, validating_ms, queue_min_ms, training_ms)
            VALUES ('b', 'k', 'fast', '[]', 'READY', 0, 0, 0, 0, 0), ('a', 'k', 'fast', '[]', 'ERROR', 0, 0, 0, 0, 0);
            INSERT INTO transitions(profile_id, status, at, message) VALUES
            ('a', 'QUEUING', 1, NULL), ('b', 'QUEUING', 2, NULL), ('a', 'ERROR', 3, 'no'), ('b', 'READY', 4, NULL);
            """)
        #expect(try Migrator.phota.migrate(db) == [2])
        var rows: [String] = []
        try db.prepare("SELECT profile_seq, profile_id, status, at, message FROM transitions ORDER BY rowid").forEachRow {
            rows.append("\($0.int(at: 0)) \($0.string(at: 1)) \($0.string(at: 2)) \($0.int(at: 3)) \($0.optionalString(at: 4) ?? "-")")
        }
        #expect(rows == ["2 a QUEUING 1 -", "1 b QUEUING 2 -", "2 a ERROR 3 no", "1 b READY 4 -"])
        #expect(try ProfileRepository(db).history(id: "a").map(\.status) == ["QUEUING", "ERROR"])
        #expect(try ProfileRepository(db).delete(apiKey: "k", id: "a"))
        #expect(try db.prepare("SELECT COUNT(*) FROM transitions").firstRow { $0.int(at: 0) } == 2)
    }
}
