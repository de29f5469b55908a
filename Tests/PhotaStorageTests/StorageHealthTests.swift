// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaStorage
import Testing

/// The writer notices a database file deleted or replaced under it and then refuses every write.
@Suite struct StorageHealthTests {
    private func insert(_ storage: Storage, _ value: Int) throws {
        try storage.writeSync { db in try db.prepare("INSERT INTO t(a) VALUES (?)").run(value) }
    }

    private func open(_ path: String) throws -> Storage {
        let storage = try Storage(path: path, migrator: Migrator())
        try storage.writeSync { db in try db.execute("CREATE TABLE t(a INTEGER)") }
        return storage
    }

    @Test func isOk_AfterCommits_AndAProbeWriteKeepsItOk() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let storage = try self.open(directory.file("db.sqlite"))
        defer { storage.close() }
        try self.insert(storage, 1)
        #expect(storage.checkHealth() == .ok)
        let probed = Countdown(1)
        storage.probeWrite { health in
            #expect(health == .ok)
            probed.signal()
        }
        #expect(probed.wait())
    }

    @Test func refusesWritesWithFileReplaced_OnceTheDatabaseFileIsDeleted() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite")
        let storage = try self.open(path)
        defer { storage.close() }
        try self.insert(storage, 1)
        #expect(unlink(path) == 0)
        #expect(throws: StorageError.fileReplaced) { try self.insert(storage, 2) }
        #expect(storage.checkHealth() == .replaced)
        #expect(throws: StorageError.fileReplaced) { try self.insert(storage, 3) }
    }

    @Test func reportsReplaced_BeforeAnyWrite_WhenAnotherFileIsMovedOverTheDatabase() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite")
        let storage = try self.open(path)
        defer { storage.close() }
        let other = directory.file("other.sqlite")
        _ = FileManager.default.createFile(atPath: other, contents: Data())
        #expect(rename(other, path) == 0)
        #expect(storage.checkHealth() == .replaced)
        #expect(throws: StorageError.fileReplaced) { try self.insert(storage, 1) }
        // The WAL that held the old file's frames is emptied, so nothing of it can be applied to the new file.
        let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")
        #expect((wal[.size] as? Int) == 0)
    }
}
