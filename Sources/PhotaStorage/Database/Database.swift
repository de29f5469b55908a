// SPDX-License-Identifier: Apache-2.0
internal import CSQLite

/// One SQLite connection, opened in multi-thread mode: use it from one thread at a time.
///
/// `prepare` returns statements from a per-connection cache, so hot queries are compiled once.
/// ```swift
/// let db = try Database(path: ":memory:")
/// try db.execute("CREATE TABLE t(a INTEGER)")
/// try db.prepare("INSERT INTO t(a) VALUES (?)").run(42)
/// ```
public final class Database {
    /// The path (or `:memory:` / URI) this connection was opened with.
    public let path: String
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    private var isClosed = false
    /// Retained here while installed: SQLite keeps only an unretained pointer to it.
    var traceHandler: TraceHandler?
    /// Retained here while installed, likewise.
    var walHookHandler: WALHookHandler?
    /// The bodies of SQL functions defined on this connection, likewise.
    var functionBoxes: [AnyObject] = []

    /// Opens (creating when missing) a database file, `:memory:`, or a `file:` URI.
    /// - Parameters:
    ///   - path: a file path, `:memory:`, or a `file:` URI.
    ///   - readOnly: opens without write access (the file must exist).
    /// - Throws: `DatabaseError` when SQLite cannot open the file.
    public init(path: String, readOnly: Bool = false) throws {
        _ = Database.libraryConfigured
        // NOMUTEX: multi-thread mode. Each connection is confined to one thread at a time by its
        // owner (the writer thread, a pool checkout or a lock), so SQLite's own mutex is wasted work.
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var pointer: OpaquePointer?
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard let pointer else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot open \(path)")
        }
        guard code == SQLITE_OK else {
            let error = DatabaseError(resultCode: ResultCode(rawValue: code), message: Database.message(of: pointer))
            sqlite3_close_v2(pointer)
            throw error
        }
        self.path = path
        self.handle = pointer
        sqlite3_extended_result_codes(pointer, 1)
    }

    deinit {
        self.close()
    }

    /// Process-wide settings, applied once before the first connection opens.
    private static let libraryConfigured: Bool = phota_sqlite_config_no_memstatus() == SQLITE_OK

    /// Finalizes cached statements and closes the connection. Idempotent.
    ///
    /// Uses `sqlite3_close_v2`, so a statement still held elsewhere keeps the connection alive as
    /// a zombie until that statement is released, instead of failing with `SQLITE_BUSY`.
    public func close() {
        guard !self.isClosed else { return }
        self.isClosed = true
        self.cache.removeAll()
        sqlite3_close_v2(self.handle)
    }

    /// Runs one or more SQL statements separated by `;`, without parameters.
    /// - Throws: `DatabaseError` from the first statement that fails.
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(self.handle, sql, nil, nil, &message)
        guard code != SQLITE_OK else { return }
        let text = message.map { String(cString: $0) }
        sqlite3_free(message)
        throw DatabaseError(
            resultCode: ResultCode(rawValue: sqlite3_extended_errcode(self.handle)), message: text, sql: sql)
    }

    /// A statement from this connection's cache, compiled on first use, reset and unbound.
    ///
    /// The statement belongs to the connection: do not hold it across calls that might prepare
    /// the same SQL again (a nested use of the same text would reset it under you); use
    /// `makeStatement` for that.
    /// - Throws: `DatabaseError` when the SQL does not compile.
    public func prepare(_ sql: String) throws -> Statement {
        if let statement = self.cache[sql] {
            statement.reset()
            statement.clearBindings()
            return statement
        }
        let statement = try self.makeStatement(sql)
        self.cache[sql] = statement
        return statement
    }

    /// A new statement outside the cache, owned by the caller and finalized when released.
    /// - Throws: `DatabaseError` when the SQL does not compile.
    public func makeStatement(_ sql: String) throws -> Statement {
        var pointer: OpaquePointer?
        // SQLITE_PREPARE_PERSISTENT: a hint that the statement lives long (it is cached).
        let code = sqlite3_prepare_v3(self.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLITE_OK, let pointer else {
            throw self.error(code: code, sql: sql)
        }
        return Statement(handle: pointer, sql: sql)
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
    public var changes: Int {
        Int(sqlite3_changes64(self.handle))
    }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertedRowID: Int64 {
        sqlite3_last_insert_rowid(self.handle)
    }

    /// Whether a transaction is open (SQLite is not in autocommit mode).
    public var isInsideTransaction: Bool {
        sqlite3_get_autocommit(self.handle) == 0
    }

    /// Number of statements held in the cache (for tests and diagnostics).
    public var cachedStatementCount: Int {
        self.cache.count
    }

    func error(code: Int32, sql: String?) -> DatabaseError {
        // Extended result codes are on (see init), so `code` already carries the extended bits.
        DatabaseError(resultCode: ResultCode(rawValue: code), message: Database.message(of: self.handle), sql: sql)
    }

    static func message(of handle: OpaquePointer) -> String? {
        sqlite3_errmsg(handle).map { String(cString: $0) }
    }
}
