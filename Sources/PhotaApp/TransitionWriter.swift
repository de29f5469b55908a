// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaScheduler
import PhotaStorage
import Synchronization

/// Stores the scheduler's transitions through the group-committing writer, then lets the scheduler
/// forget the profiles that became final (only once stored, so a status read never sees storage lag).
final class TransitionWriter: Sendable {
    private let storage: Storage
    private let logger: Logger
    // The scheduler needs the sink at init and the sink needs the scheduler: tied after both exist,
    // weakly, because the scheduler owns the sink.
    private let owner = Mutex<WeakScheduler>(WeakScheduler())

    struct WeakScheduler: @unchecked Sendable {
        // Confinement: only read and written under `owner`'s lock.
        weak var value: Scheduler?
    }

    init(storage: Storage, logger: Logger) {
        self.storage = storage
        self.logger = logger
    }

    var sink: @Sendable ([PhotaScheduler.Transition]) -> Void {
        { [self] batch in self.store(batch) }
    }

    /// Names the scheduler whose finished profiles are evicted once stored.
    func attach(_ scheduler: Scheduler) {
        self.owner.withLock { $0.value = scheduler }
    }

    private func store(_ batch: [PhotaScheduler.Transition]) {
        let rows = batch.map {
            PhotaStorage.Transition(profileID: $0.profileID, status: $0.status.rawValue, at: $0.at, message: $0.message)
        }
        let finished = batch.filter { $0.status.isFinal }.map(\.profileID)
        self.storage.write({ db in try ProfileRepository(db).apply(rows) }) { [self] result in
            switch result {
            case .success:
                if !finished.isEmpty { self.owner.withLock { $0.value }?.evict(ids: finished) }
            case .failure(let error):
                self.logger.error(
                    "storing transitions failed", metadata: ["count": "\(rows.count)", "error": "\(error)"])
            }
        }
    }
}
