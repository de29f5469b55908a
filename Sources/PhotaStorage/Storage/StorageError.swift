// SPDX-License-Identifier: Apache-2.0

/// Errors of the storage layer itself (SQLite's own errors are `DatabaseError`).
public enum StorageError: Error, Sendable, Equatable {
    /// The account's balance is below the cost; nothing was written.
    case insufficientCredit(balance: Int64, cost: Int64)
    /// The storage was closed; no further reads or writes are accepted.
    case closed
    /// The database file or its WAL was deleted or replaced under the running storage; nothing
    /// written from then on could survive a restart, so no write is accepted (see `StorageHealth`).
    case fileReplaced
    /// The database records a migration this build does not know (a newer build wrote it).
    case unknownMigration(version: Int, name: String)
    /// The recorded migration `version` has another name than the registered one.
    case migrationMismatch(version: Int, expected: String, found: String)
}
