// SPDX-License-Identifier: Apache-2.0

/// How a transaction takes its locks (sqlite.org/lang_transaction.html).
public enum TransactionKind: String, Sendable {
    /// Locks are taken on first read or write.
    case deferred = "DEFERRED"
    /// The write lock is taken at once, so the transaction cannot fail later with `SQLITE_BUSY`
    /// when it upgrades from reading to writing.
    case immediate = "IMMEDIATE"
    /// Like immediate; in WAL mode the same as immediate.
    case exclusive = "EXCLUSIVE"
}

/// What a transaction closure asks for at its end.
public enum TransactionCompletion: Sendable {
    /// Keep the changes.
    case commit
    /// Undo the changes (without an error).
    case rollback
}

extension Database {
    /// Runs `body` inside a transaction; a throw rolls back and rethrows the body's error.
    ///
    /// Inside an open transaction this nests as a savepoint instead, so repository functions
    /// can be atomic on their own and still compose into a caller's transaction.
    /// - Parameters:
    ///   - kind: the BEGIN flavour when no transaction is open.
    ///   - body: the work; its result is returned after COMMIT.
    /// - Throws: the body's error (kept even if ROLLBACK then fails), or the COMMIT error.
    public func transaction<T>(_ kind: TransactionKind = .deferred, _ body: () throws -> T) throws -> T {
        var result: T?
        try self.inTransaction(kind) {
            result = try body()
            return .commit
        }
        // `inTransaction` ran `body` to completion, or it threw before reaching here.
        return result!
    }

    /// Runs `body` inside a transaction that it ends with `.commit` or `.rollback`.
    /// - Throws: the body's error (kept even if ROLLBACK then fails), or the COMMIT error.
    public func inTransaction(_ kind: TransactionKind = .deferred, _ body: () throws -> TransactionCompletion) throws {
        if self.isInsideTransaction {
            return try self.inSavepoint(body)
        }
        try self.prepare("BEGIN \(kind.rawValue) TRANSACTION").run()
        let completion: TransactionCompletion
        do {
            completion = try body()
        } catch {
            self.rollbackKeepingFirstError()
            throw error
        }
        switch completion {
        case .commit:
            do {
                try self.prepare("COMMIT TRANSACTION").run()
            } catch {
                self.rollbackKeepingFirstError()
                throw error
            }
        case .rollback:
            try self.prepare("ROLLBACK TRANSACTION").run()
        }
    }

    /// Runs `body` inside a savepoint: a throw (or `.rollback`) undoes only the body's changes.
    /// - Throws: the body's error, or the error of RELEASE.
    public func inSavepoint(_ body: () throws -> TransactionCompletion) throws {
        // Savepoint names may repeat: RELEASE and ROLLBACK TO act on the innermost one with the name.
        try self.prepare("SAVEPOINT phota").run()
        let completion: TransactionCompletion
        do {
            completion = try body()
        } catch {
            self.rollbackSavepoint()
            throw error
        }
        if completion == .rollback {
            try self.prepare("ROLLBACK TO SAVEPOINT phota").run()
        }
        try self.prepare("RELEASE SAVEPOINT phota").run()
    }

    /// Undoes the innermost savepoint after a failure, ignoring secondary errors so that the
    /// caller reports the first one. SQLite may already have rolled the whole transaction back
    /// (e.g. on SQLITE_FULL), in which case there is nothing left to undo.
    func rollbackSavepoint() {
        guard self.isInsideTransaction else { return }
        try? self.prepare("ROLLBACK TO SAVEPOINT phota").run()
        try? self.prepare("RELEASE SAVEPOINT phota").run()
    }

    func rollbackKeepingFirstError() {
        guard self.isInsideTransaction else { return }
        try? self.prepare("ROLLBACK TRANSACTION").run()
    }
}
