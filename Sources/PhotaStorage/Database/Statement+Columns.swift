// SPDX-License-Identifier: Apache-2.0
internal import CSQLite

extension Statement {
    /// Number of columns in the result.
    public var columnCount: Int32 {
        sqlite3_column_count(self.handle)
    }

    /// Whether the 0-based column of the current row is NULL.
    public func isNull(at index: Int32) -> Bool {
        sqlite3_column_type(self.handle, index) == SQLITE_NULL
    }

    /// The column as a 64-bit integer (NULL reads as 0, per SQLite's conversion rules).
    public func int64(at index: Int32) -> Int64 {
        sqlite3_column_int64(self.handle, index)
    }

    /// The column as an `Int`.
    public func int(at index: Int32) -> Int {
        Int(sqlite3_column_int64(self.handle, index))
    }

    /// The column as a double.
    public func double(at index: Int32) -> Double {
        sqlite3_column_double(self.handle, index)
    }

    /// The column as text (NULL reads as the empty string).
    public func string(at index: Int32) -> String {
        // Ask for the text before its length: "call sqlite3_column_text() first … then
        // sqlite3_column_bytes()" (sqlite.org/c3ref/column_blob.html).
        guard let text = sqlite3_column_text(self.handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(self.handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column as an integer, or `nil` when NULL.
    public func optionalInt64(at index: Int32) -> Int64? {
        self.isNull(at: index) ? nil : self.int64(at: index)
    }

    /// The column as text, or `nil` when NULL.
    public func optionalString(at index: Int32) -> String? {
        self.isNull(at: index) ? nil : self.string(at: index)
    }

    /// The name of the 0-based result column.
    public func columnName(at index: Int32) -> String {
        sqlite3_column_name(self.handle, index).map { String(cString: $0) } ?? ""
    }
}
