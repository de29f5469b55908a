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

    public var description: String {
        "SQLite result code \(self.rawValue)"
    }

    public static let ok = ResultCode(rawValue: 0)
    public static let error = ResultCode(rawValue: 1)
    public static let abort = ResultCode(rawValue: 4)
    public static let busy = ResultCode(rawValue: 5)
    public static let locked = ResultCode(rawValue: 6)
    public static let readOnly = ResultCode(rawValue: 8)
    public static let interrupt = ResultCode(rawValue: 9)
    public static let ioError = ResultCode(rawValue: 10)
    public static let corrupt = ResultCode(rawValue: 11)
    public static let full = ResultCode(rawValue: 13)
    public static let cantOpen = ResultCode(rawValue: 14)
    public static let constraint = ResultCode(rawValue: 19)
    public static let mismatch = ResultCode(rawValue: 20)
    public static let misuse = ResultCode(rawValue: 21)
    public static let range = ResultCode(rawValue: 25)
    public static let notADatabase = ResultCode(rawValue: 26)
    public static let row = ResultCode(rawValue: 100)
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
