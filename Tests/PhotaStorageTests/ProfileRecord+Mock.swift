// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaStorage

extension ProfileRecord {
    /// A profile in VALIDATING with a fixed plan; `n` makes the 32-hex id.
    static func make(
        _ n: Int, apiKey: String = "key-a", tag: String? = nil, status: String = "VALIDATING", at: Int64 = 1_000
    ) -> ProfileRecord {
        ProfileRecord(
            id: String(format: "%032x", n), apiKey: apiKey, tag: tag, tier: "standard",
            imageURLs: #"["https://example.com/\#(n).jpg"]"#, status: status, createdAt: at, statusAt: at,
            validatingAt: at, validatingMs: 2_000, queueMinMs: 5_000, trainingMs: 60_000
        )
    }
}

extension Database {
    /// A private in-memory database with the whole schema and its id codec, as `Storage` sets up.
    static func migratedInMemory() throws -> Database {
        let db = try Database(path: ":memory:")
        try db.execute("PRAGMA foreign_keys = ON")
        try Migrator.phota.migrate(db)
        _ = try ProfileIDCodec.load(from: db, seed: 1)
        return db
    }
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() {
        self.path = NSTemporaryDirectory() + "phota-storage-" + UUID().uuidString
    }

    func file(_ name: String) -> String {
        self.path + "/" + name
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}

/// Counts down from `count` and lets a thread wait for zero (bounded, with a clear failure).
final class Countdown: @unchecked Sendable {
    // Confinement: `remaining` is guarded by `condition`.
    private let condition = NSCondition()
    private var remaining: Int

    init(_ count: Int) {
        self.remaining = count
    }

    func signal() {
        self.condition.lock()
        self.remaining -= 1
        self.condition.broadcast()
        self.condition.unlock()
    }

    /// Waits until zero; returns false after `seconds`.
    func wait(seconds: Double = 30) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.remaining > 0 {
            if !self.condition.wait(until: deadline) { return self.remaining <= 0 }
        }
        return true
    }
}
