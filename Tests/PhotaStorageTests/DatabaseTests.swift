// SPDX-License-Identifier: Apache-2.0
import PhotaStorage
import Testing

@Suite struct DatabaseTests {
    private func makeTable() throws -> Database {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL, note TEXT)")
        return db
    }

    @Test func bindsStepsAndReadsTypedColumns() throws {
        let db = try self.makeTable()
        try db.prepare("INSERT INTO t (name, score, note) VALUES (?, ?, ?)").run("ä-名", 2.5, String?.none)
        #expect(db.lastInsertedRowID == 1)
        #expect(db.changes == 1)
        let row = try db.prepare("SELECT id, name, score, note, length(name) FROM t").firstRow { row in
            (
                row.int64(at: 0), row.string(at: 1), row.double(at: 2), row.optionalString(at: 3), row.isNull(at: 3),
                row.int(at: 4)
            )
        }
        let values = try #require(row)
        #expect(values.0 == 1)
        #expect(values.1 == "ä-名")
        #expect(values.2 == 2.5)
        #expect(values.3 == nil)
        #expect(values.4)
        #expect(values.5 == 3)
    }

    @Test func bindsEmptyStringAsTextNotNull() throws {
        let db = try self.makeTable()
        try db.prepare("INSERT INTO t (name) VALUES (?)").run("")
        let type = try db.prepare("SELECT typeof(name), name FROM t").firstRow { ($0.string(at: 0), $0.string(at: 1)) }
        #expect(type?.0 == "text")
        #expect(type?.1 == "")
    }

    @Test func cachesPreparedStatementsPerConnection() throws {
        let db = try self.makeTable()
        let first = try db.prepare("SELECT name FROM t WHERE id = ?")
        let second = try db.prepare("SELECT name FROM t WHERE id = ?")
        #expect(first === second)
        #expect(db.cachedStatementCount == 1)
        let uncached = try db.makeStatement("SELECT name FROM t WHERE id = ?")
        #expect(uncached !== first)
        #expect(db.cachedStatementCount == 1)
    }

    @Test func cachedStatementComesBackResetAndUnbound() throws {
        let db = try self.makeTable()
        try db.prepare("INSERT INTO t (name) VALUES (?)").run("a")
        try db.prepare("INSERT INTO t (name) VALUES (?)").run("b")
        let statement = try db.prepare("SELECT name FROM t WHERE name = ?1 OR ?1 IS NULL ORDER BY id")
        try statement.bind("b")
        #expect(try statement.step())
        #expect(statement.string(at: 0) == "b")
        // Left mid-iteration on purpose: prepare must rewind it and clear the binding.
        var names: [String] = []
        try db.prepare("SELECT name FROM t WHERE name = ?1 OR ?1 IS NULL ORDER BY id").forEachRow {
            names.append($0.string(at: 0))
        }
        #expect(names == ["a", "b"])
    }

    @Test func reportsUniqueViolationWithExtendedCodeMessageAndSQL() throws {
        let db = try self.makeTable()
        try db.prepare("INSERT INTO t (name) VALUES (?)").run("dup")
        do {
            try db.prepare("INSERT INTO t (name) VALUES (?)").run("dup")
            Issue.record("duplicate accepted")
        } catch DatabaseError.constraintUnique {
            // expected
        }
        let error = try #require(throws: DatabaseError.self) {
            try db.prepare("INSERT INTO t (name) VALUES (?)").run("dup")
        }
        #expect(error.resultCode == .constraintUnique)
        #expect(error.resultCode.primary == .constraint)
        #expect(error.message == "UNIQUE constraint failed: t.name")
        #expect(error.sql == "INSERT INTO t (name) VALUES (?)")
    }

    @Test func primaryPatternMatchesExtendedFamilyOnly() throws {
        let db = try self.makeTable()
        let error = try #require(throws: DatabaseError.self) {
            try db.prepare("INSERT INTO t (name) VALUES (?)").run(String?.none)
        }
        #expect(error.resultCode == .constraintNotNull)
        #expect(DatabaseError.constraint ~= error)
        #expect(DatabaseError.constraintNotNull ~= error)
        #expect(!(DatabaseError.constraintUnique ~= error))
        #expect(!(DatabaseError.busy ~= error))
        #expect(!(DatabaseError.constraint ~= StorageError.closed))
    }

    @Test func reportsSyntaxErrorsAtPrepare() throws {
        let db = try self.makeTable()
        let error = try #require(throws: DatabaseError.self) { try db.prepare("SELEC 1") }
        #expect(error.resultCode == .error)
        #expect(error.sql == "SELEC 1")
        #expect(error.message == #"near "SELEC": syntax error"#)
        let execError = try #require(throws: DatabaseError.self) { try db.execute("CREATE TABLE t (x)") }
        #expect(execError.message == "table t already exists")
    }

    @Test func rejectsBindingBeyondParameterCount() throws {
        let db = try self.makeTable()
        let error = try #require(throws: DatabaseError.self) {
            try db.prepare("SELECT ?").bind(1, 2)
        }
        #expect(error.resultCode == .range)
    }

    @Test func transactionCommitsOrRollsBackOnThrow() throws {
        let db = try self.makeTable()
        struct Boom: Error {}
        try db.transaction { try db.prepare("INSERT INTO t (name) VALUES (?)").run("kept") }
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.prepare("INSERT INTO t (name) VALUES (?)").run("lost")
                throw Boom()
            }
        }
        try db.inTransaction {
            try db.prepare("INSERT INTO t (name) VALUES (?)").run("rolled back")
            return .rollback
        }
        #expect(!db.isInsideTransaction)
        var names: [String] = []
        try db.prepare("SELECT name FROM t ORDER BY id").forEachRow { names.append($0.string(at: 0)) }
        #expect(names == ["kept"])
    }

    @Test func nestedTransactionBecomesSavepoint() throws {
        let db = try self.makeTable()
        struct Boom: Error {}
        try db.transaction(.immediate) {
            try db.prepare("INSERT INTO t (name) VALUES (?)").run("outer")
            #expect(throws: Boom.self) {
                try db.transaction {
                    try db.prepare("INSERT INTO t (name) VALUES (?)").run("inner")
                    throw Boom()
                }
            }
            #expect(db.isInsideTransaction)
        }
        var names: [String] = []
        try db.prepare("SELECT name FROM t ORDER BY id").forEachRow { names.append($0.string(at: 0)) }
        #expect(names == ["outer"])
    }

    @Test func commitFailureKeepsItsError() throws {
        let db = try Database(path: ":memory:")
        try db.execute(
            """
            PRAGMA foreign_keys = ON;
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
            """)
        let error = try #require(throws: DatabaseError.self) {
            try db.transaction { try db.execute("INSERT INTO child VALUES (7)") }
        }
        #expect(error.resultCode == .constraintForeignKey)
        #expect(error.sql == "COMMIT TRANSACTION")
        #expect(!db.isInsideTransaction)
        #expect(try db.prepare("SELECT COUNT(*) FROM child").firstRow { $0.int(at: 0) } == 0)
    }
}
