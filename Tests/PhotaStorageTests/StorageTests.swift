// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Foundation
import PhotaStorage
import Synchronization
import Testing

@Suite struct StorageTests {
    /// Occupies the writer thread until released, so that writes queued meanwhile form one batch.
    private final class WriterGate: Sendable {
        let entered = Countdown(1)
        let release = Countdown(1)

        func hold(_ storage: Storage) {
            storage.write(
                { _ in
                    self.entered.signal()
                    _ = self.release.wait()
                }, completion: { _ in })
            #expect(self.entered.wait(), "writer never picked up the gate")
        }
    }

    @Test func concurrentWritesAreGroupCommitted() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let storage = try Storage(path: directory.file("db.sqlite"))
        defer { storage.close() }
        let before = storage.committedTransactions
        let gate = WriterGate()
        gate.hold(storage)
        let done = Countdown(200)
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 200) { n in
            storage.write({ db in try ProfileRepository(db).insert(.make(n)) }) { result in
                if case .failure = result { failures.add(1, ordering: .relaxed) }
                done.signal()
            }
        }
        gate.release.signal()
        #expect(done.wait(), "not every write completed")
        #expect(failures.load(ordering: .relaxed) == 0)
        // The gate's batch, then all 200 queued writes in exactly one more transaction.
        #expect(storage.committedTransactions - before == 2)
        #expect(try storage.read { try ProfileRepository($0).ids(apiKey: "key-a").count } == 200)
    }

    @Test func failingItemRollsBackOnlyItself() throws {
        let storage = try Storage(path: ":memory:")
        defer { storage.close() }
        try storage.writeSync { try ProfileRepository($0).insert(.make(1)) }
        let before = storage.committedTransactions
        let gate = WriterGate()
        gate.hold(storage)
        let results = Mutex<[Int: Result<Int64, any Error>]>([:])
        let done = Countdown(3)
        for n in [2, 1, 3] {
            storage.write({ db in
                // Each item writes twice, so a failure must undo its first write as well.
                try ProfileRepository(db).insert(.make(100 + n))
                return try ProfileRepository(db).insert(.make(n))
            }) { result in
                results.withLock { $0[n] = result }
                done.signal()
            }
        }
        gate.release.signal()
        #expect(done.wait())
        #expect(storage.committedTransactions - before == 2)
        try results.withLock { results in
            #expect(try results[2]?.get() == 3)
            // The failed item consumed no seq: its savepoint rollback undid the sqlite_sequence bump.
            #expect(try results[3]?.get() == 5)
            let error = try #require(throws: DatabaseError.self) { try results[1]?.get() }
            #expect(error.resultCode == .constraintPrimaryKey)
        }
        let ids = try storage.read { try ProfileRepository($0).ids(apiKey: "key-a") }
        #expect(ids == [1, 102, 2, 103, 3].map { ProfileRecord.make($0).id })
    }

    @Test func batchRunsEachItemInASavepointOfOneTransaction() throws {
        let storage = try Storage(path: ":memory:")
        defer { storage.close() }
        let log = Mutex<[String]>([])
        try storage.writeSync { db in
            db.trace { sql in
                let line =
                    sql.hasPrefix("INSERT INTO profiles")
                    ? "INSERT INTO profiles" : sql.hasPrefix("INSERT INTO profile_aliases") ? "alias" : sql
                log.withLock { $0.append(line) }
            }
        }
        let gate = WriterGate()
        gate.hold(storage)
        let done = Countdown(2)
        for _ in 0..<2 {
            storage.write({ try ProfileRepository($0).insert(.make(1)) }) { _ in done.signal() }
        }
        // The writer is parked inside the gate, so nothing appends while the log is cleared.
        log.withLock { $0.removeAll() }
        gate.release.signal()
        #expect(done.wait())
        try storage.writeSync { $0.trace(nil) }
        #expect(
            log.withLock { $0 } == [
                "RELEASE SAVEPOINT item", "COMMIT TRANSACTION",
                "BEGIN IMMEDIATE TRANSACTION",
                "SAVEPOINT item", "SAVEPOINT phota", "INSERT INTO profiles", "alias", "RELEASE SAVEPOINT phota",
                "RELEASE SAVEPOINT item",
                "SAVEPOINT item", "SAVEPOINT phota", "INSERT INTO profiles", "alias", "ROLLBACK TO SAVEPOINT phota",
                "RELEASE SAVEPOINT phota", "ROLLBACK TO SAVEPOINT item", "RELEASE SAVEPOINT item",
                "COMMIT TRANSACTION",
                "BEGIN IMMEDIATE TRANSACTION", "SAVEPOINT item",
            ])
    }

    @Test func readsProceedWhileTheWriterHoldsAnOpenTransaction() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let storage = try Storage(path: directory.file("db.sqlite"))
        defer { storage.close() }
        try storage.writeSync { try ProfileRepository($0).insert(.make(1)) }
        let entered = Countdown(1)
        let release = Countdown(1)
        storage.write(
            { db in
                try ProfileRepository(db).insert(.make(2))
                entered.signal()
                _ = release.wait()
            }, completion: { _ in })
        #expect(entered.wait())
        // WAL: the read neither blocks on the writer nor sees its uncommitted row.
        let during = try storage.read { try ProfileRepository($0).ids(apiKey: "key-a") }
        release.signal()
        #expect(during == [ProfileRecord.make(1).id])
        try storage.writeSync { _ in }
        #expect(try storage.read { try ProfileRepository($0).ids(apiKey: "key-a").count } == 2)
    }

    @Test func concurrentReadersSeeOnlyCommittedPrefixes() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let storage = try Storage(path: directory.file("db.sqlite"), maxIdleReaders: 2)
        defer { storage.close() }
        let total = 300
        let writesDone = Countdown(total)
        for n in 0..<total {
            storage.write({ db in
                try ProfileRepository(db).insert(.make(n))
                try AccountRepository(db).setBalance(apiKey: "key-a", micros: Int64(n + 1))
            }) { _ in writesDone.signal() }
        }
        let violations = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            var last = 0
            for _ in 0..<100 {
                // Inside one read both values come from the same snapshot: count == balance.
                let (count, balance) =
                    (try? storage.read { db in
                        (
                            try ProfileRepository(db).ids(apiKey: "key-a").count,
                            try AccountRepository(db).balance(apiKey: "key-a")
                        )
                    }) ?? (-1, nil)
                let expectedBalance: Int64?? = count == 0 ? .none : .some(Int64(count))
                if count < last || balance != expectedBalance { violations.add(1, ordering: .relaxed) }
                last = count
            }
        }
        #expect(writesDone.wait())
        #expect(violations.load(ordering: .relaxed) == 0)
        #expect(try storage.read { try ProfileRepository($0).ids(apiKey: "key-a").count } == total)
    }

    @Test func fileDatabaseSurvivesCloseAndReopen() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("nested/dirs/state.sqlite")
        let record = ProfileRecord.make(7, tag: "t")
        do {
            let storage = try Storage(path: path)
            try storage.writeSync { try AccountRepository($0).insertProfile(record, costMicros: 5, defaultBalance: 50) }
            storage.close()
        }
        let reopened = try Storage(path: path)
        defer { reopened.close() }
        let found = try reopened.read { try ProfileRepository($0).find(apiKey: "key-a", id: record.id) }
        var expected = record
        expected.seq = 1
        #expect(found == expected)
        #expect(try reopened.read { try AccountRepository($0).balance(apiKey: "key-a") } == .some(45))
        let applied = try reopened.read { try Migrator.phota.appliedMigrations($0).count }
        #expect(applied == Migrator.phota.migrations.count)
        let mode = try reopened.read { try $0.prepare("PRAGMA journal_mode").firstRow { $0.string(at: 0) } }
        #expect(mode == "wal")
    }

    @Test func committedWritesAreInTheFileBeforeClose() throws {
        // What a `kill -9` leaves behind: no close, no checkpoint. A fresh connection must still
        // see every write whose completion has run.
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite")
        let storage = try Storage(path: path)
        defer { storage.close() }
        try storage.writeSync { try AccountRepository($0).setBalance(apiKey: "k", micros: 7) }
        let fresh = try Database(path: path, readOnly: true)
        let balance = try fresh.prepare("SELECT credit_micros FROM accounts WHERE api_key = 'k'").firstRow {
            $0.int64(at: 0)
        }
        #expect(balance == 7)
    }

    @Test func droppingTheLastReferenceOnTheWriterThreadDoesNotHang() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite")
        let finished = Countdown(1)
        do {
            let storage = try Storage(path: path)
            storage.write({ _ in 1 }) { _ in
                // The completion holds the last reference; releasing it runs deinit on this thread.
                _ = storage.committedTransactions
                finished.signal()
            }
        }
        #expect(finished.wait())
        // The writer closes its connection only if it did not wait for itself; the last close of
        // a WAL database checkpoints and deletes the -wal file.
        var walGone = false
        for _ in 0..<1_000 where !walGone {
            walGone = !FileManager.default.fileExists(atPath: path + "-wal")
            if !walGone { usleep(10_000) }
        }
        #expect(walGone, "writer thread never closed its connection")
    }

    @Test func closeDrainsQueuedWritesAndRefusesLaterOnes() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite")
        let storage = try Storage(path: path)
        let completed = Atomic<Int>(0)
        for n in 0..<50 {
            storage.write({ try ProfileRepository($0).insert(.make(n)) }) { result in
                if case .success = result { completed.add(1, ordering: .relaxed) }
            }
        }
        storage.close()
        #expect(completed.load(ordering: .relaxed) == 50)
        let refused = Mutex<(any Error)?>(nil)
        storage.write({ _ in 1 }) { result in refused.withLock { if case .failure(let e) = result { $0 = e } } }
        #expect(refused.withLock { $0 as? StorageError } == .closed)
        #expect(throws: StorageError.closed) { try storage.read { _ in 1 } }
        let reopened = try Storage(path: path)
        defer { reopened.close() }
        #expect(try reopened.read { try ProfileRepository($0).ids(apiKey: "key-a").count } == 50)
    }

    @Test func memoryStoreSharesDataBetweenReadAndWritePathsOnly() throws {
        let storage = try Storage(path: ":memory:")
        defer { storage.close() }
        let other = try Storage(path: ":memory:")
        defer { other.close() }
        #expect(storage.isInMemory)
        try storage.writeSync { try AccountRepository($0).setBalance(apiKey: "k", micros: 42) }
        #expect(try storage.read { try AccountRepository($0).balance(apiKey: "k") } == .some(42))
        #expect(try other.read { try AccountRepository($0).balance(apiKey: "k") } == Int64??.none)
        let readers = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            if (try? storage.read { try AccountRepository($0).balance(apiKey: "k") }) == .some(42) {
                readers.add(1, ordering: .relaxed)
            }
        }
        #expect(readers.load(ordering: .relaxed) == 8)
    }

    @Test func readConnectionsAreReadOnlyAndForeignKeysOn() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let storage = try Storage(path: directory.file("db.sqlite"))
        defer { storage.close() }
        let error = try #require(throws: DatabaseError.self) {
            try storage.read { try AccountRepository($0).setBalance(apiKey: "k", micros: 1) }
        }
        #expect(error.resultCode == .readOnly)
        let foreignKeys = try storage.writeSync { try $0.prepare("PRAGMA foreign_keys").firstRow { $0.int(at: 0) } }
        #expect(foreignKeys == 1)
        let synchronous = try storage.writeSync { try $0.prepare("PRAGMA synchronous").firstRow { $0.int(at: 0) } }
        #expect(synchronous == 1)
        // Savepoint journals in memory (2); no checkpoint inside the writer's commits (`Checkpointer`).
        let tempStore = try storage.writeSync { try $0.prepare("PRAGMA temp_store").firstRow { $0.int(at: 0) } }
        #expect(tempStore == 2)
        let checkpoint = try storage.writeSync {
            try $0.prepare("PRAGMA wal_autocheckpoint").firstRow { $0.int(at: 0) }
        }
        #expect(checkpoint == 0)
    }

    @Test func asyncWriteReturnsTheWorkResult() async throws {
        let storage = try Storage(path: ":memory:")
        defer { storage.close() }
        let seq = try await storage.write { try ProfileRepository($0).insert(.make(1)) }
        #expect(seq == 1)
        await #expect(throws: StorageError.insufficientCredit(balance: 0, cost: 1)) {
            try await storage.write {
                try AccountRepository($0).insertProfile(.make(2), costMicros: 1, defaultBalance: 0)
            }
        }
    }
}
