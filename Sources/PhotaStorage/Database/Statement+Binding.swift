// SPDX-License-Identifier: Apache-2.0
internal import CSQLite

extension Statement {
    /// Binds `values` to parameters 1, 2, … in order (a parameter pack: no boxing, no array).
    /// - Throws: `DatabaseError` (e.g. `.range` when there are more values than parameters).
    public func bind<each V: DatabaseBindable>(_ values: repeat each V) throws {
        var index: Int32 = 0
        for value in repeat each values {
            index += 1
            try value.bind(to: self, at: index)
        }
    }

    /// Binds a 64-bit integer to the 1-based parameter `index`.
    /// - Throws: `DatabaseError` when the index is out of range.
    public func bind(_ value: Int64, at index: Int32) throws {
        try self.check(sqlite3_bind_int64(self.handle, index, value))
    }

    /// Binds a double to the 1-based parameter `index`.
    /// - Throws: `DatabaseError` when the index is out of range.
    public func bind(_ value: Double, at index: Int32) throws {
        try self.check(sqlite3_bind_double(self.handle, index, value))
    }

    /// Binds UTF-8 text to the 1-based parameter `index`.
    /// - Throws: `DatabaseError` when the index is out of range.
    public func bind(_ value: String, at index: Int32) throws {
        // SQLITE_TRANSIENT makes SQLite copy the bytes; the Swift string's buffer is only
        // guaranteed alive inside `withUTF8`, and the copy of a short key is cheaper than
        // keeping strings alive beside the statement.
        var value = value
        let code = value.withUTF8 { bytes -> Int32 in
            guard let base = bytes.baseAddress else {
                return sqlite3_bind_text(self.handle, index, "", 0, phota_sqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(self.handle, index, $0, Int32(bytes.count), phota_sqlite_transient())
            }
        }
        try self.check(code)
    }

    /// Binds NULL to the 1-based parameter `index`.
    /// - Throws: `DatabaseError` when the index is out of range.
    public func bindNull(at index: Int32) throws {
        try self.check(sqlite3_bind_null(self.handle, index))
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw self.error(code: code) }
    }
}
