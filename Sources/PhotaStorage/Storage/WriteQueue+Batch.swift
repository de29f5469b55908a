// SPDX-License-Identifier: Apache-2.0

extension WriteQueue {
    /// Runs `batch` in one transaction, each item in its own savepoint, and commits once.
    ///
    /// Outcomes are left in the items; the caller calls the completions after this returns. The
    /// outcome of the commit itself is recorded in `health`.
    func commit(_ batch: [any WriteItem], on db: Database) {
        // Before writing: into a file no path leads to any more, the batch would be lost at restart.
        guard self.filesAreInPlace() else {
            self.retireWAL(on: db)
            batch.forEach { $0.fail(StorageError.fileReplaced) }
            return
        }
        var committable: [any WriteItem] = []
        var faulted = false
        for item in batch {
            if !db.isInsideTransaction {
                do {
                    try db.prepare("BEGIN IMMEDIATE TRANSACTION").run()
                } catch {
                    item.fail(error)
                    faulted = true
                    continue
                }
            }
            guard let error = self.runInSavepoint(item, on: db) else {
                committable.append(item)
                continue
            }
            faulted = faulted || Self.isStorageFault(error)
            if !db.isInsideTransaction {
                // Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM…) make SQLite roll back the
                // whole transaction, not just the statement: the earlier items are lost too.
                committable.forEach { $0.fail(error) }
                committable.removeAll()
                faulted = true
            }
        }
        guard db.isInsideTransaction else {
            if faulted { self.record(.failing) }
            return
        }
        do {
            try db.prepare("COMMIT TRANSACTION").run()
            self.committedTransactions.add(1, ordering: .relaxed)
        } catch {
            db.rollbackKeepingFirstError()
            committable.forEach { $0.fail(error) }
            self.record(.failing)
            return
        }
        // After the commit and before any completion: a file deleted while the batch ran took the
        // batch with it, so it is reported as failed rather than acknowledged.
        guard self.filesAreInPlace() else {
            self.retireWAL(on: db)
            committable.forEach { $0.fail(StorageError.fileReplaced) }
            return
        }
        self.record(faulted ? .failing : .ok)
    }

    /// What the last batch showed; `.replaced` once seen is kept.
    var health: StorageHealth {
        StorageHealth(rawValue: self.healthState.load(ordering: .acquiring)) ?? .ok
    }

    /// Whether the database file and its WAL are still the ones opened; records `.replaced` when not.
    func filesAreInPlace() -> Bool {
        if self.health == .replaced { return false }
        guard let files = self.files, !files.areInPlace else { return true }
        self.healthState.store(StorageHealth.replaced.rawValue, ordering: .releasing)
        return false
    }

    /// Once the database file is deleted or replaced, the WAL at its path still holds frames of the
    /// old file. SQLite does not checkpoint a moved database on close ("databaseIsUnmoved" in
    /// pager.c), so they would stay, and the next process to open the path would apply them to
    /// whatever file is there now. So they are copied into the old file and the WAL is emptied
    /// (a TRUNCATE checkpoint), or, when that cannot complete, the WAL is removed; once.
    func retireWAL(on db: Database) {
        guard !self.isWALRetired, let files = self.files else { return }
        self.isWALRetired = true
        let busy = try? db.prepare("PRAGMA wal_checkpoint(TRUNCATE)").firstRow { $0.int(at: 0) }
        if busy != 0 { files.removeWALIfUnchanged() }
    }

    private func record(_ health: StorageHealth) {
        // A compare-and-swap loop, because `filesAreInPlace` may store `.replaced` from another
        // thread (a readiness check) meanwhile, and that must never be undone.
        var current = self.healthState.load(ordering: .acquiring)
        while current != StorageHealth.replaced.rawValue {
            let (exchanged, found) = self.healthState.compareExchange(
                expected: current, desired: health.rawValue, ordering: .acquiringAndReleasing
            )
            if exchanged { return }
            current = found
        }
    }

    /// Errors that tell of the file or the disk, not of the item's own data: the storage is failing.
    /// ("SQLITE_IOERR … the operating system reported an I/O error", SQLITE_FULL "because the disk
    /// is full", SQLITE_READONLY "no write permission", sqlite.org/rescode.html.)
    static func isStorageFault(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        let faults: [ResultCode] = [.ioError, .full, .readOnly, .corrupt, .notADatabase, .cantOpen]
        return faults.contains(error.resultCode.primary)
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
