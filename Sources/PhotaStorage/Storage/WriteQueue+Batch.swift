// SPDX-License-Identifier: Apache-2.0

extension WriteQueue {
    /// Runs `batch` in one transaction, each item in its own savepoint, and commits once.
    ///
    /// Outcomes are left in the items; the caller calls the completions after this returns.
    func commit(_ batch: [any WriteItem], on db: Database) {
        var committable: [any WriteItem] = []
        for item in batch {
            if !db.isInsideTransaction {
                do {
                    try db.prepare("BEGIN IMMEDIATE TRANSACTION").run()
                } catch {
                    item.fail(error)
                    continue
                }
            }
            guard let error = self.runInSavepoint(item, on: db) else {
                committable.append(item)
                continue
            }
            if !db.isInsideTransaction {
                // Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM…) make SQLite roll back the
                // whole transaction, not just the statement: the earlier items are lost too.
                committable.forEach { $0.fail(error) }
                committable.removeAll()
            }
        }
        guard db.isInsideTransaction else { return }
        do {
            try db.prepare("COMMIT TRANSACTION").run()
            self.committedTransactions.add(1, ordering: .relaxed)
        } catch {
            db.rollbackKeepingFirstError()
            committable.forEach { $0.fail(error) }
        }
    }

    /// Runs one item between SAVEPOINT and RELEASE, undoing just its changes when it fails.
    /// - Returns: the item's error, if it failed.
    private func runInSavepoint(_ item: any WriteItem, on db: Database) -> (any Error)? {
        do {
            try db.prepare("SAVEPOINT item").run()
        } catch {
            item.fail(error)
            return error
        }
        if let error = item.perform(db) {
            self.undoSavepoint(on: db)
            return error
        }
        do {
            try db.prepare("RELEASE SAVEPOINT item").run()
            return nil
        } catch {
            item.fail(error)
            self.undoSavepoint(on: db)
            return error
        }
    }

    /// Rolls back and releases the item's savepoint, unless SQLite already ended the transaction.
    private func undoSavepoint(on db: Database) {
        guard db.isInsideTransaction else { return }
        try? db.prepare("ROLLBACK TO SAVEPOINT item").run()
        try? db.prepare("RELEASE SAVEPOINT item").run()
    }
}
