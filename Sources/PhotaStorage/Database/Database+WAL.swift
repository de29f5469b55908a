// SPDX-License-Identifier: Apache-2.0
internal import CSQLite

/// Holds a WAL hook at a stable address for the C callback's context pointer.
final class WALHookHandler {
    let body: (Int) -> Void

    init(_ body: @escaping (Int) -> Void) {
        self.body = body
    }
}

extension Database {
    /// Calls `handler` with the number of frames in the WAL after each commit of this connection,
    /// or removes the hook (`nil`). Installing a hook turns off this connection's automatic
    /// checkpoints (they are themselves a WAL hook).
    public func onWALCommit(_ handler: ((Int) -> Void)?) {
        self.walHookHandler = handler.map(WALHookHandler.init)
        guard let box = self.walHookHandler else {
            sqlite3_wal_hook(self.handle, nil, nil)
            return
        }
        let context = Unmanaged.passUnretained(box).toOpaque()
        sqlite3_wal_hook(
            self.handle,
            { context, _, _, frames in
                guard let context else { return SQLITE_OK }
                Unmanaged<WALHookHandler>.fromOpaque(context).takeUnretainedValue().body(Int(frames))
                return SQLITE_OK
            }, context)
    }

    /// Runs a PASSIVE checkpoint of the main database: copies what it can of the WAL into the
    /// database file without waiting for the writer or for readers
    /// (sqlite.org/c3ref/wal_checkpoint_v2.html).
    /// - Returns: the frames in the WAL and how many of them are now in the database file.
    /// - Throws: `DatabaseError`, e.g. `SQLITE_BUSY` when another checkpoint is running.
    @discardableResult
    public func checkpoint() throws -> (walFrames: Int, copiedFrames: Int) {
        var log: Int32 = 0
        var copied: Int32 = 0
        let code = sqlite3_wal_checkpoint_v2(self.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &copied)
        guard code == SQLITE_OK else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: Database.message(of: self.handle), sql: "checkpoint")
        }
        return (Int(log), Int(copied))
    }
}
