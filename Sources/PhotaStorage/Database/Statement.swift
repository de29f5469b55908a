// SPDX-License-Identifier: Apache-2.0
internal import CSQLite

/// A compiled SQL statement: bind parameters (1-based), step, read columns (0-based).
///
/// Finalized in `deinit`. The helpers `run`, `forEachRow` and `firstRow` reset the statement
/// when they finish, which matters in WAL mode: a statement left mid-iteration keeps its read
/// snapshot open and holds back checkpoints.
/// ```swift
/// let statement = try db.prepare("SELECT id FROM profiles WHERE api_key = ?")
/// try statement.bind(apiKey)
/// try statement.forEachRow { ids.append($0.string(at: 0)) }
/// ```
public final class Statement {
    /// The SQL text as prepared (placeholders, never values).
    public let sql: String
    let handle: OpaquePointer

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(self.handle)
    }

    /// Advances to the next row.
    /// - Returns: `true` when a row is available, `false` when the statement is done.
    /// - Throws: `DatabaseError` with the extended code, message and SQL.
    public func step() throws -> Bool {
        switch sqlite3_step(self.handle) {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        case let code:
            throw self.error(code: code)
        }
    }

    /// Rewinds the statement so it can run again; bindings are kept.
    public func reset() {
        // The return value repeats the last step's error, which that step already reported.
        sqlite3_reset(self.handle)
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() {
        sqlite3_clear_bindings(self.handle)
    }

    /// Binds `values` to parameters 1, 2, … and runs the statement to completion, then resets it.
    /// - Throws: `DatabaseError` on a bind or step failure.
    public func run<each V: DatabaseBindable>(_ values: repeat each V) throws {
        try self.bind(repeat each values)
        defer { self.reset() }
        while try self.step() {}
    }

    /// Calls `body` for each row, then resets the statement (also when `body` throws).
    /// - Throws: `DatabaseError` from stepping, or what `body` throws.
    public func forEachRow(_ body: (Statement) throws -> Void) throws {
        defer { self.reset() }
        while try self.step() {
            try body(self)
        }
    }

    /// Maps the first row with `body`, or returns `nil` when there is none; then resets.
    /// - Throws: `DatabaseError` from stepping, or what `body` throws.
    public func firstRow<T>(_ body: (Statement) throws -> T) throws -> T? {
        defer { self.reset() }
        guard try self.step() else { return nil }
        return try body(self)
    }

    func error(code: Int32) -> DatabaseError {
        let connection = sqlite3_db_handle(self.handle)!
        return DatabaseError(
            resultCode: ResultCode(rawValue: code), message: Database.message(of: connection), sql: self.sql)
    }
}
