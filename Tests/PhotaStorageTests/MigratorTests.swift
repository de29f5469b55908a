// SPDX-License-Identifier: Apache-2.0
import PhotaStorage
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
        #expect(try Migrator.phota.migrate(db) == [1])
        #expect(try Migrator.phota.migrate(db) == [])
        var tables: [String] = []
        try db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .forEachRow { tables.append($0.string(at: 0)) }
        #expect(tables == ["accounts", "profiles", "schema_migrations", "transitions"])
    }
}
