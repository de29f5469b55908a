// SPDX-License-Identifier: Apache-2.0

/// An SQLite result code, primary or extended (`rawValue` is the C value).
///
/// Constants are spelled here rather than imported because the C macros for extended codes
/// are expressions Swift cannot import, and because no C type may appear in this module's API.
public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The C result code.
    public let rawValue: Int32

    /// Wraps a C result code.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The primary code: the low byte of an extended code ("The least significant 8 bits of an
    /// extended result code define the primary result code", sqlite.org/rescode.html).
    public var primary: ResultCode {
        ResultCode(rawValue: self.rawValue & 0xff)
    }

    /// Whether this is a primary code (no extended bits).
    public var isPrimary: Bool {
        self.rawValue & ~0xff == 0
    }

    /// A short text naming the numeric code.
    public var description: String {
        "SQLite result code \(self.rawValue)"
    }

    /// `SQLITE_OK`: success.
    public static let ok = ResultCode(rawValue: 0)
    /// `SQLITE_ERROR`: generic error (SQL syntax, missing table…).
    public static let error = ResultCode(rawValue: 1)
    /// `SQLITE_ABORT`: the operation was aborted.
    public static let abort = ResultCode(rawValue: 4)
    /// `SQLITE_BUSY`: the file is locked by another connection.
    public static let busy = ResultCode(rawValue: 5)
    /// `SQLITE_LOCKED`: a conflict within the same connection or shared cache.
    public static let locked = ResultCode(rawValue: 6)
    /// `SQLITE_READONLY`: a write on a read-only (or `query_only`) connection.
    public static let readOnly = ResultCode(rawValue: 8)
    /// `SQLITE_INTERRUPT`: interrupted by `sqlite3_interrupt`.
    public static let interrupt = ResultCode(rawValue: 9)
    /// `SQLITE_IOERR`: an operating-system I/O error.
    public static let ioError = ResultCode(rawValue: 10)
    /// `SQLITE_CORRUPT`: the database image is malformed.
    public static let corrupt = ResultCode(rawValue: 11)
    /// `SQLITE_FULL`: the disk is full.
    public static let full = ResultCode(rawValue: 13)
    /// `SQLITE_CANTOPEN`: the file cannot be opened.
    public static let cantOpen = ResultCode(rawValue: 14)
    /// `SQLITE_CONSTRAINT`: any constraint violation (the family of the extended codes below).
    public static let constraint = ResultCode(rawValue: 19)
    /// `SQLITE_MISMATCH`: a datatype mismatch.
    public static let mismatch = ResultCode(rawValue: 20)
    /// `SQLITE_MISUSE`: the library was used incorrectly.
    public static let misuse = ResultCode(rawValue: 21)
    /// `SQLITE_RANGE`: a bind index out of range.
    public static let range = ResultCode(rawValue: 25)
    /// `SQLITE_NOTADB`: the file is not a database.
    public static let notADatabase = ResultCode(rawValue: 26)
    /// `SQLITE_ROW`: a row is ready.
    public static let row = ResultCode(rawValue: 100)
    /// `SQLITE_DONE`: the statement has finished.
    public static let done = ResultCode(rawValue: 101)

    /// `SQLITE_CONSTRAINT_CHECK` (19 | 1<<8).
    public static let constraintCheck = ResultCode(rawValue: 275)
    /// `SQLITE_CONSTRAINT_FOREIGNKEY` (19 | 3<<8).
    public static let constraintForeignKey = ResultCode(rawValue: 787)
    /// `SQLITE_CONSTRAINT_NOTNULL` (19 | 5<<8).
    public static let constraintNotNull = ResultCode(rawValue: 1299)
    /// `SQLITE_CONSTRAINT_PRIMARYKEY` (19 | 6<<8).
    public static let constraintPrimaryKey = ResultCode(rawValue: 1555)
    /// `SQLITE_CONSTRAINT_UNIQUE` (19 | 8<<8).
    public static let constraintUnique = ResultCode(rawValue: 2067)
    /// `SQLITE_BUSY_SNAPSHOT` (5 | 2<<8).
    public static let busySnapshot = ResultCode(rawValue: 517)

    /// Matches an error against a code, so that `catch DatabaseError.constraintUnique` works.
    ///
    /// A primary pattern matches every extended code in its family; an extended pattern matches
    /// only itself.
    public static func ~= (pattern: ResultCode, error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return pattern.isPrimary ? error.resultCode.primary == pattern : error.resultCode == pattern
    }
}
