// SPDX-License-Identifier: Apache-2.0

/// An error reported by SQLite: the extended result code, SQLite's message and the SQL text.
///
/// The SQL is the statement as prepared, with `?` placeholders, so bound values never appear in
/// logs. Catch a family or an exact code by pattern:
/// ```swift
/// do { try repository.insert(record) }
/// catch DatabaseError.constraintUnique { /* duplicate id */ }
/// catch DatabaseError.busy { /* any SQLITE_BUSY_* */ }
/// ```
public struct DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The extended result code.
    public let resultCode: ResultCode
    /// SQLite's message (`sqlite3_errmsg`), when one was available.
    public let message: String?
    /// The SQL that failed, when the failure belongs to a statement.
    public let sql: String?

    /// Makes an error value.
    public init(resultCode: ResultCode, message: String? = nil, sql: String? = nil) {
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
    }

    /// The code, message and SQL on one line, for logs.
    public var description: String {
        var text = "SQLite error \(self.resultCode.rawValue)"
        if let message = self.message { text += ": \(message)" }
        if let sql = self.sql { text += " - while executing `\(sql)`" }
        return text
    }

    // Patterns for `catch DatabaseError.x`: a primary code matches its whole family.

    /// Matches `SQLITE_ERROR`.
    public static let error = ResultCode.error
    /// Matches `ResultCode.busy` and every extended code in its family.
    public static let busy = ResultCode.busy
    /// Matches `ResultCode.locked` and every extended code in its family.
    public static let locked = ResultCode.locked
    /// Matches `ResultCode.readOnly` and every extended code in its family.
    public static let readOnly = ResultCode.readOnly
    /// Matches `ResultCode.constraint` and every extended code in its family.
    public static let constraint = ResultCode.constraint
    /// Matches `ResultCode.constraintUnique`.
    public static let constraintUnique = ResultCode.constraintUnique
    /// Matches `ResultCode.constraintPrimaryKey`.
    public static let constraintPrimaryKey = ResultCode.constraintPrimaryKey
    /// Matches `ResultCode.constraintNotNull`.
    public static let constraintNotNull = ResultCode.constraintNotNull
    /// Matches `ResultCode.constraintForeignKey`.
    public static let constraintForeignKey = ResultCode.constraintForeignKey
    /// Matches `ResultCode.constraintCheck`.
    public static let constraintCheck = ResultCode.constraintCheck
    /// Matches `ResultCode.misuse` and every extended code in its family.
    public static let misuse = ResultCode.misuse
    /// Matches `ResultCode.range` and every extended code in its family.
    public static let range = ResultCode.range
}
