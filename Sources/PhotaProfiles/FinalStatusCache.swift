// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Statuses of finished profiles (`READY`, `ERROR`, `INACTIVE`), kept in memory so that polling a
/// finished profile — what clients do most — costs no SQLite read transaction (each takes file locks).
/// A finished profile changes only through delete, an admin force or a reset, which drop it here.
/// Bounded: when full it starts over empty, since every entry can be read again from storage.
final class FinalStatusCache: Sendable {
    struct Entry: Sendable {
        let apiKey: String
        let status: String
        let message: String?
    }

    private let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    func get(_ id: String) -> Entry? {
        self.entries.withLock { $0[id] }
    }

    func put(_ id: String, _ entry: Entry) {
        self.entries.withLock { entries in
            if entries.count >= self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[id] = entry
        }
    }

    func remove(_ id: String) {
        _ = self.entries.withLock { $0.removeValue(forKey: id) }
    }

    /// Drops one account's entries, or all of them.
    func removeAll(apiKey: String?) {
        self.entries.withLock { entries in
            if let apiKey {
                entries = entries.filter { $0.value.apiKey != apiKey }
            } else {
                entries.removeAll()
            }
        }
    }
}
