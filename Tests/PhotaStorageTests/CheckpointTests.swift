// SPDX-License-Identifier: Apache-2.0
import Foundation
@testable import PhotaStorage
import Testing

/// Checkpoints run beside the writer, and the WAL still stays bounded under a stream of commits.
@Suite struct CheckpointTests {
    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test func walStaysBoundedAndEveryRowIsKept() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite")
        let storage = try Storage(path: path, walCheckpointFrames: 50, walRestartFrames: 100)
        var largestWAL = 0
        for n in 0..<2_000 {
            try storage.writeSync { try ProfileRepository($0).insert(.make(n)) }
            largestWAL = max(largestWAL, self.fileSize(path + "-wal"))
        }
        // A commit here dirties about eight pages, so without checkpoints the WAL would end with
        // some 16,000 frames (4 KiB pages plus a 24-byte header each). It is rewound soon after it
        // passes 100 frames: the commits that find a background checkpoint still running leave
        // the rewind to a later commit, which on a loaded machine can take a few hundred frames.
        #expect(largestWAL > 0)
        #expect(largestWAL < 4_000 * (4096 + 24))
        #expect(self.fileSize(path) > 40 * 4096)  // the rows reached the database file itself
        #expect(try storage.read { try $0.prepare("SELECT COUNT(*) FROM profiles").firstRow { $0.int(at: 0) } } == 2_000)
        storage.close()
        // The last connection to close copies what is left and removes the WAL.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let reopened = try Database(path: path, readOnly: true)
        #expect(try reopened.prepare("SELECT COUNT(*) FROM profiles").firstRow { $0.int(at: 0) } == 2_000)
    }

    @Test func writerCommitsNeverRunACheckpointBelowTheRewindSize() throws {
        // Automatic checkpoints are off on the writer: below the rewind size its WAL only grows,
        // and the copying is left to the checkpointer's own connection.
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite")
        let storage = try Storage(path: path, walCheckpointFrames: 1_000_000, walRestartFrames: 2_000_000)
        defer { storage.close() }
        var sizes: [Int] = []
        for n in 0..<50 {
            try storage.writeSync { try ProfileRepository($0).insert(.make(n)) }
            sizes.append(self.fileSize(path + "-wal"))
        }
        #expect(sizes == sizes.sorted())
        #expect(sizes.last! > sizes.first!)
        let autocheckpoint = try storage.writer.connection.withConnection { try $0.prepare("PRAGMA wal_autocheckpoint").firstRow { $0.int(at: 0) } }
        #expect(autocheckpoint == 0)
    }
}
