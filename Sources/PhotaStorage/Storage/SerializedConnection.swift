// SPDX-License-Identifier: Apache-2.0
import PhotaThreads

/// A connection shared by several threads, one at a time, behind a lock.
///
/// Used for the writer (only its thread takes the lock, so it is uncontended) and, in `:memory:`
/// mode, for everything: a private in-memory database exists on one connection only, so reads
/// and writes take turns on it. The writer holds the lock across a whole batch, so a read never
/// observes a half-applied group commit.
final class SerializedConnection: @unchecked Sendable {
    // Confinement: `database` is touched only inside `withConnection`, under `lock`. The lock is
    // recursive so that a `Storage.read` nested in a read or a write of the same thread runs
    // (as a savepoint of the open transaction) instead of deadlocking.
    private let lock = RecursiveLock()
    private let database: Database
    private var isClosed = false

    init(_ database: Database) {
        self.database = database
    }

    /// Runs `body` with exclusive use of the connection.
    /// - Throws: `StorageError.closed` after `close()`, or what `body` throws.
    func withConnection<T>(_ body: (Database) throws -> T) throws -> T {
        self.lock.lock()
        defer { self.lock.unlock() }
        guard !self.isClosed else { throw StorageError.closed }
        return try body(self.database)
    }

    /// Closes the connection once no one is using it.
    func close() {
        self.lock.lock()
        defer { self.lock.unlock() }
        self.isClosed = true
        self.database.close()
    }
}
