// SPDX-License-Identifier: Apache-2.0

/// One queued write: its work, its outcome, its completion.
protocol WriteItem: AnyObject, Sendable {
    /// Runs the work on the writer connection; returns its error, if any.
    func perform(_ db: Database) -> (any Error)?
    /// Replaces the outcome with a failure (the batch's commit failed after the work succeeded).
    func fail(_ error: any Error)
    /// Calls the completion with the outcome.
    func finish()
}

final class TypedWriteItem<T: Sendable>: WriteItem, @unchecked Sendable {
    // Confinement: `outcome` is written and read only on the writer thread (or, for a write
    // refused after close, on the enqueuing thread before the item is shared).
    private let work: @Sendable (Database) throws -> T
    private let completion: @Sendable (Result<T, any Error>) -> Void
    private var outcome: Result<T, any Error> = .failure(StorageError.closed)

    init(
        work: @escaping @Sendable (Database) throws -> T, completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        self.work = work
        self.completion = completion
    }

    func perform(_ db: Database) -> (any Error)? {
        do {
            self.outcome = .success(try self.work(db))
            return nil
        } catch {
            self.outcome = .failure(error)
            return error
        }
    }

    func fail(_ error: any Error) {
        self.outcome = .failure(error)
    }

    func finish() {
        self.completion(self.outcome)
    }
}
