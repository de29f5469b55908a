// SPDX-License-Identifier: Apache-2.0
import Glibc

/// The database file and its WAL as they were when the storage opened, to notice either being
/// deleted or replaced while it runs.
///
/// SQLite keeps writing to the descriptors it opened: after `rm db.sqlite3` (or a `mv` of another
/// file over it) every commit still succeeds, into an inode no path leads to any more, and all of
/// it is gone at the next start. Comparing the device and inode of each path now with those seen
/// at open is one `stat` per file, cheap enough for every group commit.
struct DatabaseFiles: Sendable {
    struct Identity: Sendable, Equatable {
        let device: UInt64
        let inode: UInt64

        /// The identity of what `path` names now; nil when nothing does.
        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            self.device = UInt64(info.st_dev)
            self.inode = UInt64(info.st_ino)
        }
    }

    private let files: [(path: String, identity: Identity)]

    /// Records the database file at `path` and its WAL (`path-wal`), which must both exist.
    /// - Returns: nil when either cannot be found (nothing to watch).
    init?(databasePath path: String) {
        guard let database = Identity(path: path), let wal = Identity(path: path + "-wal") else { return nil }
        self.files = [(path, database), (path + "-wal", wal)]
    }

    /// Removes the WAL's path when it still names the WAL that was opened (not one a replacement brought).
    func removeWALIfUnchanged() {
        let wal = self.files[1]
        if Identity(path: wal.path) == wal.identity { unlink(wal.path) }
    }

    /// Whether both paths still name the files that were opened.
    var areInPlace: Bool {
        self.files.allSatisfy { Identity(path: $0.path) == $0.identity }
    }
}
