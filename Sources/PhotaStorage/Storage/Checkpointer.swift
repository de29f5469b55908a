// SPDX-License-Identifier: Apache-2.0
import PhotaThreads

/// Copies the WAL back into the database file on its own thread and connection.
///
/// SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold, so the writer
/// (and every request waiting on its next group commit) stalls while megabytes are copied and
/// the file is synced. Here the writer only reports the WAL's size after each commit; this
/// thread then runs PASSIVE checkpoints, which never block the writer.
///
/// The WAL only rewinds when a write transaction starts with every frame already copied, which
/// a background checkpoint racing a stream of commits rarely achieves. So past `restartFrames`
/// the writer itself checkpoints after its commit (`writerShouldCatchUp`): the background has
/// already copied nearly everything, the writer copies the few frames left, and its next
/// transaction starts the WAL from the beginning, which keeps the file bounded. (A RESTART
/// checkpoint from this thread would do the same but holds the write lock while it waits for
/// readers, and the busy-wait backoff on both sides turned that into stalls of hundreds of ms.)
final class Checkpointer: @unchecked Sendable {
    // Confinement: `isRequested`, `backfilledFrames`, `isClosing` and `isFinished` are guarded
    // by `condition`; the connection is used only by the checkpoint thread.
    private let condition = ConditionLock()
    /// A commit left enough uncopied frames for another checkpoint.
    private var isRequested = false
    /// WAL frames already in the database file after the last checkpoint.
    private var backfilledFrames = 0
    private var isClosing = false
    private var isFinished = false
    private let connection: Database
    /// A PASSIVE checkpoint starts once the WAL holds this many frames (pages).
    let passiveFrames: Int
    /// Beyond this many frames, the writer finishes the checkpoint itself so that the WAL rewinds.
    let restartFrames: Int

    /// - Parameters:
    ///   - connection: a connection of its own to the database file.
    ///   - passiveFrames: WAL size (frames) that starts a checkpoint.
    ///   - restartFrames: WAL size (frames) past which the WAL is rewound.
    init(connection: Database, passiveFrames: Int, restartFrames: Int) {
        self.connection = connection
        self.passiveFrames = passiveFrames
        self.restartFrames = restartFrames
        OSThread.detach(name: "phota-checkpoint") { [self] in self.run() }
    }

    /// Whether the writer should checkpoint right after the commit that left `frames` in the WAL.
    func writerShouldCatchUp(frames: Int) -> Bool {
        frames >= self.restartFrames
    }

    /// Records the WAL's size after a commit (called on the writer thread, from its WAL hook).
    func walCommitted(frames: Int) {
        guard frames >= self.passiveFrames else { return }  // the common case, without the lock
        self.condition.lock()
        defer { self.condition.unlock() }
        if frames < self.backfilledFrames {
            self.backfilledFrames = 0  // the writer rewound the WAL
        }
        guard frames - self.backfilledFrames >= self.passiveFrames else { return }
        self.isRequested = true
        self.condition.signal()
    }

    /// Stops the thread after its current checkpoint and closes the connection; blocks until done.
    func close() {
        self.condition.lock()
        self.isClosing = true
        self.condition.broadcast()
        while !self.isFinished {
            self.condition.wait()
        }
        self.condition.unlock()
    }

    private func run() {
        while self.waitForRequest() {
            do {
                self.setBackfilled(try self.connection.checkpoint().copiedFrames)
            } catch {
                // SQLITE_BUSY (the writer was finishing a checkpoint): the next commit reports the
                // WAL again, and the checkpoint is retried then.
            }
        }
        self.connection.close()
        self.condition.lock()
        self.isFinished = true
        self.condition.broadcast()
        self.condition.unlock()
    }

    private func setBackfilled(_ frames: Int) {
        self.condition.lock()
        self.backfilledFrames = frames
        self.condition.unlock()
    }

    /// Waits for a request; false when closing.
    private func waitForRequest() -> Bool {
        self.condition.lock()
        defer { self.condition.unlock() }
        while !self.isRequested && !self.isClosing {
            self.condition.wait()
        }
        self.isRequested = false
        return !self.isClosing
    }
}
