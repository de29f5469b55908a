// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Synchronization

extension Storage {
    /// Queues `work` for the writer thread and returns at once.
    ///
    /// `work` runs inside its own savepoint within the batch's transaction: if it throws, only
    /// its changes are undone. `completion` runs on the writer thread after the batch commits
    /// (with the commit error if the commit fails), so it must be quick and must not call
    /// `writeSync`.
    /// - Parameters:
    ///   - work: the database changes; its result is delivered to `completion`.
    ///   - completion: receives the result; called exactly once (at once with
    ///     `StorageError.closed` when the storage is closed).
    public func write<T: Sendable>(
        _ work: @escaping @Sendable (Database) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        let item = TypedWriteItem(work: work, completion: completion)
        if !self.writer.enqueue(item) {
            item.finish()
        }
    }

    /// Queues `work` and suspends until its batch has committed.
    /// - Returns: what `work` returned.
    /// - Throws: what `work` threw, the commit error, or `StorageError.closed`.
    @discardableResult
    public func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            self.write(work) { continuation.resume(with: $0) }
        }
    }

    /// Queues `work` and blocks the calling thread until its batch has committed (start-up and
    /// admin code; not from the writer thread, i.e. not from a completion).
    /// - Returns: what `work` returned.
    /// - Throws: what `work` threw, the commit error, or `StorageError.closed`.
    @discardableResult
    public func writeSync<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) throws -> T {
        precondition(!self.writer.isWriterThread, "writeSync called on the writer thread would wait for itself")
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        self.write(work) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }

    /// Commits one small write that changes nothing (the header's `user_version`, set to the value
    /// it has, still rewrites its page), to learn whether writes succeed again after `.failing`.
    /// - Parameter completion: the health after that commit; on the writer thread.
    public func probeWrite(completion: @escaping @Sendable (StorageHealth) -> Void) {
        self.write({ db in
            let version = try db.prepare("PRAGMA user_version").firstRow { $0.int(at: 0) } ?? 0
            try db.execute("PRAGMA user_version = \(version)")
        }) { [writer] _ in completion(writer.health) }
    }

    /// Stops accepting writes, commits everything already queued, calls its completions, then
    /// closes every connection. Blocks until done; later calls return at once.
    public func close() {
        guard !self.isClosed.exchange(true, ordering: .acquiringAndReleasing) else {
            return
        }
        self.writer.close()
        self.readers?.close()
        // Last: closing the last connection copies what is left of the WAL and removes it.
        self.checkpointer?.close()
    }
}
