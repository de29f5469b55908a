// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Read-only connections to a WAL database, checked out under a Mutex.
///
/// A checkout pops an idle connection or opens a new one, so a reader never waits for another
/// reader, nor (in WAL mode) for the writer. `fill()` opens `maxIdle` connections at start-up, so
/// that the steady state needs no descriptor later; a burst beyond them opens extra ones that are
/// closed on return (and when the descriptors have run out, that read fails with
/// `SQLITE_CANTOPEN` instead of waiting).
final class ReaderPool: Sendable {
    private struct State {
        var idle: [ConnectionBox] = []
        var isClosed = false
    }

    private let open: @Sendable () throws -> Database
    private let maxIdle: Int
    private let state = Mutex(State())

    init(maxIdle: Int, open: @escaping @Sendable () throws -> Database) {
        self.maxIdle = max(1, maxIdle)
        self.open = open
    }

    /// Runs `body` on a checked-out connection, inside one deferred read transaction so that all
    /// its statements see the same snapshot.
    /// - Throws: `StorageError.closed` after `close()`, `DatabaseError`, or what `body` throws.
    func withReader<T>(_ body: (Database) throws -> T) throws -> T {
        let box = try self.checkout()
        defer { self.checkin(box) }
        return try box.database.transaction(.deferred) { try body(box.database) }
    }

    /// Opens connections until `maxIdle` wait idle, each with its WAL and shared-memory files open
    /// (SQLite opens those at a connection's first read, not when it opens the database).
    /// - Throws: `DatabaseError` when a connection cannot be opened or read.
    func fill() throws {
        var opened: [ConnectionBox] = []
        for _ in self.idleCount..<self.maxIdle {
            let box = ConnectionBox(try self.open())
            let db = box.database
            try db.transaction(.deferred) {
                _ = try db.prepare("SELECT count(*) FROM sqlite_master").firstRow { $0.int(at: 0) }
            }
            opened.append(box)
        }
        self.state.withLock { $0.idle.append(contentsOf: opened) }
    }

    /// How many connections wait idle (for tests and diagnostics).
    var idleCount: Int {
        self.state.withLock { $0.idle.count }
    }

    /// Closes the idle connections; those checked out close when returned.
    func close() {
        let idle = self.state.withLock { state in
            state.isClosed = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        idle.forEach { $0.database.close() }
    }

    private func checkout() throws -> ConnectionBox {
        let reused = try self.state.withLock { state -> ConnectionBox? in
            guard !state.isClosed else { throw StorageError.closed }
            return state.idle.popLast()
        }
        if let reused { return reused }
        // Opening happens outside the lock: it touches the file system.
        return ConnectionBox(try self.open())
    }

    private func checkin(_ box: ConnectionBox) {
        let kept = self.state.withLock { state in
            guard !state.isClosed, state.idle.count < self.maxIdle else { return false }
            state.idle.append(box)
            return true
        }
        if !kept { box.database.close() }
    }
}

/// Carries a connection between threads.
final class ConnectionBox: @unchecked Sendable {
    // Confinement: a box is either in the pool's idle list, where nobody uses it, or checked out
    // by exactly one thread until it is returned; the Mutex hand-off orders the accesses.
    let database: Database

    init(_ database: Database) {
        self.database = database
    }
}
