// SPDX-License-Identifier: Apache-2.0
import PhotaThreads
import Synchronization

/// The single writer: one connection driven by one dedicated thread that group-commits.
///
/// Callers enqueue from any thread. The thread takes everything queued, runs each item in its
/// own savepoint inside one IMMEDIATE transaction, commits once, then calls the completions.
/// One fsync then covers the whole batch, which is how the emulator writes faster than SQLite's
/// one-transaction-per-insert rate.
final class WriteQueue: @unchecked Sendable {
    // Confinement: `pending`, `isClosing` and `isFinished` are guarded by `condition`; the
    // connection and `isWALRetired` are used only by the writer thread (through `SerializedConnection`).
    private let condition = ConditionLock()
    private var pending: [any WriteItem] = []
    private var isClosing = false
    private var isFinished = false
    let connection: SerializedConnection
    /// Transactions committed by the writer thread.
    let committedTransactions = Atomic<Int>(0)
    /// `OSThread.currentID` of the writer thread, to refuse `writeSync` from inside it.
    private let writerThreadID = Atomic<UInt>(0)
    /// The files checked around every batch (nil in `:memory:` mode).
    let files: DatabaseFiles?
    /// A `StorageHealth` raw value: stored by the writer thread after each batch, read by anyone.
    let healthState = Atomic<UInt8>(StorageHealth.ok.rawValue)
    /// Whether the WAL of a replaced database file has been emptied (writer thread only).
    var isWALRetired = false

    init(connection: SerializedConnection, files: DatabaseFiles?) {
        self.connection = connection
        self.files = files
        OSThread.detach(name: "phota-writer") { [self] in self.run() }
    }

    /// Queues `item`; refuses (returns `false`) once closing began.
    func enqueue(_ item: any WriteItem) -> Bool {
        self.condition.lock()
        defer { self.condition.unlock() }
        guard !self.isClosing else { return false }
        self.pending.append(item)
        self.condition.signal()
        return true
    }

    /// Whether the caller is the writer thread.
    var isWriterThread: Bool {
        self.writerThreadID.load(ordering: .relaxed) == OSThread.currentID
    }

    /// Stops accepting, drains what is queued, closes the connection; blocks until done, except
    /// on the writer thread itself (a completion dropping the last reference to `Storage`), where
    /// waiting would never end: there the thread finishes the drain after the current batch.
    func close() {
        self.condition.lock()
        self.isClosing = true
        self.condition.broadcast()
        while !self.isFinished && !self.isWriterThread {
            self.condition.wait()
        }
        self.condition.unlock()
    }

    private func run() {
        self.writerThreadID.store(OSThread.currentID, ordering: .relaxed)
        while let batch = self.nextBatch() {
            do {
                try self.connection.withConnection { self.commit(batch, on: $0) }
            } catch {
                batch.forEach { $0.fail(error) }
            }
            batch.forEach { $0.finish() }
        }
        // A replacement noticed by a readiness check, with no write since: SQLite's close would leave the WAL.
        try? self.connection.withConnection { db in
            if self.health == .replaced { self.retireWAL(on: db) }
        }
        self.connection.close()
        self.condition.lock()
        self.isFinished = true
        self.condition.broadcast()
        self.condition.unlock()
    }

    /// Waits for work; `nil` when closing and nothing is left.
    private func nextBatch() -> [any WriteItem]? {
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.pending.isEmpty && !self.isClosing {
            self.condition.wait()
        }
        guard !self.pending.isEmpty else { return nil }
        defer { self.pending.removeAll(keepingCapacity: true) }
        return self.pending
    }
}
