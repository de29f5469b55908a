// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import PhotaStorage

/// Checkpoints run beside the writer, and the WAL still stays bounded under a stream of commits.
@Suite struct CheckpointTests {
    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// The WAL header's checkpoint sequence number: SQLite adds one each time the WAL starts over.
    private func walRewinds(_ path: String) -> UInt32 {
        guard let handle = FileHandle(forReadingAtPath: path + "-wal") else { return 0 }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 16)) ?? Data())
        guard header.count == 16 else { return 0 }
        return header[12...15].reduce(0) { $0 << 8 | UInt32($1) }
    }

    @Test func walIsRewoundOverAndOverAndEveryRowIsKept() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite")
        let storage = try Storage(path: path, walCheckpointFrames: 50, walRestartFrames: 100)
        // Commits go on until the WAL has started over five times (each after passing 100 frames,
        // once the background checkpoints and the writer have copied it all). Without that the
        // file would only grow. How many commits it takes depends on the machine's load, so the
        // count is not asserted, only that it happens.
        var rows = 0
        let deadline = Date().addingTimeInterval(60)
        while self.walRewinds(path) < 5 && Date() < deadline {
            let record = ProfileRecord.make(rows)
            try storage.writeSync { try ProfileRepository($0).insert(record) }
            rows += 1
        }
        #expect(self.walRewinds(path) >= 5)
        #expect(try storage.read { try $0.prepare("SELECT COUNT(*) FROM profiles").firstRow { $0.int(at: 0) } } == rows)
        storage.close()
        // The last connection to close copies what is left and removes the WAL.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let reopened = try Database(path: path, readOnly: true)
        #expect(try reopened.prepare("SELECT COUNT(*) FROM profiles").firstRow { $0.int(at: 0) } == rows)
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
        let autocheckpoint = try storage.writer.connection.withConnection {
            try $0.prepare("PRAGMA wal_autocheckpoint").firstRow { $0.int(at: 0) }
        }
        #expect(autocheckpoint == 0)
    }
}
