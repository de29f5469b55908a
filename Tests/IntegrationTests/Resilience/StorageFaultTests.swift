// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaTestSupport
import Testing

/// The real executable when its database stops taking writes or disappears under it: adds answer
/// `500 INTERNAL_ERROR`, readiness says why with `503`, and no add answered `200` is lost.
@Suite(.serialized) struct StorageFaultTests {
    private static let internalError = (status: 500, code: "INTERNAL_ERROR", detail: "Internal server error.")

    private static func ready(_ storage: String) -> String {
        #"{"migrations":"done","scheduler":"running","status":"\#(storage == "ok" ? "ready" : "not_ready")","storage":"\#(storage)"}"#
    }

    private func directory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("phota-fault-\(UUID().uuidString)")
            .path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func start(_ database: String) throws -> ProcessServer {
        // A slow running clock: profiles stay VALIDATING, so no transition writes interleave with the adds.
        try ProcessServer(arguments: ["--db", database, "--time-scale", "0.001", "--log-level", "critical"])
    }

    private func send(
        _ server: ProcessServer, _ method: String, _ path: String, key: String = "durable", body: String? = nil
    ) throws -> RawResponse {
        let client = try RawClient(port: server.port)
        var text = "\(method) \(path) HTTP/1.1\r\nHost: x\r\nX-API-Key: \(key)\r\nContent-Type: application/json\r\n"
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        client.send(text + "\r\n" + (body ?? ""))
        return try #require(client.readResponse())
    }

    private func add(_ server: ProcessServer, key: String = "durable") throws -> RawResponse {
        try self.send(
            server, "POST", "/v1/phota/profiles/add", key: key,
            body: Profiles.addBody(urls: Profiles.urls(5), tier: "fast"))
    }

    private func addAcknowledged(_ server: ProcessServer, key: String = "durable") throws -> String {
        let response = try self.add(server, key: key)
        #expect(response.status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String])
        return try #require(object["profile_id"])
    }

    private func expectAddRefused(_ server: ProcessServer) throws {
        let error = Self.internalError
        Profiles.expectError(try self.add(server), status: error.status, code: error.code, detail: error.detail)
    }

    private func expectReady(_ server: ProcessServer, _ storage: String) throws {
        let response = try self.send(server, "GET", "/_mock/ready")
        #expect(response.status == (storage == "ok" ? 200 : 503))
        #expect(response.bodyText == Self.ready(storage))
    }

    /// The control plane still reads a balance while the writer cannot commit (it reads after the queued writes
    /// when it can, and directly when the writer fails).
    private func expectBalanceReadable(_ server: ProcessServer) throws {
        let response = try self.send(server, "GET", "/_mock/credits/durable")
        #expect(response.status == 200)
        #expect(response.bodyText == #"{"api_key":"durable","balance":null}"#)
    }

    private func expectIDs(_ server: ProcessServer, key: String = "durable", _ ids: [String]) throws {
        let listed = try self.send(server, "GET", "/v1/phota/profiles/ids", key: key)
        #expect(listed.status == 200)
        #expect(listed.bodyText == #"{"profiles":["# + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]}")
    }

    @Test func addsAnswer500AndReadinessSaysReplaced_WhenTheDatabaseFileIsDeleted_AndEveryAcknowledgedAddIsInIt() throws
    {
        let directory = self.directory()
        let database = directory + "/db.sqlite3"
        let server = try self.start(database)
        let acknowledged = try (0..<3).map { _ in try self.addAcknowledged(server) }
        try self.expectReady(server, "ok")

        // Deleted from its path; the hard links keep the inodes, to show afterwards what the server wrote into them.
        let kept = directory + "/kept.sqlite3"
        #expect(link(database, kept) == 0 && link(database + "-wal", kept + "-wal") == 0)
        #expect(unlink(database) == 0)
        try self.expectReady(server, "replaced")
        for _ in 0..<3 { try self.expectAddRefused(server) }
        try self.expectReady(server, "replaced")
        try self.expectBalanceReadable(server)
        #expect(server.stop(signal: SIGKILL) == SIGKILL)

        let restarted = try self.start(kept)
        defer { restarted.stop(signal: SIGTERM) }
        try self.expectIDs(restarted, acknowledged)
    }

    @Test func addsAnswer500AndReadinessSaysReplaced_WhenAnotherDatabaseIsMovedOverTheFile() throws {
        let database = self.directory() + "/db.sqlite3"
        let server = try self.start(database)
        _ = try self.addAcknowledged(server)
        _ = try self.addAcknowledged(server)
        let other = self.directory() + "/other.sqlite3"
        let replacement = try self.start(other)
        let stranger = try self.addAcknowledged(replacement, key: "other")
        #expect(replacement.stop(signal: SIGTERM) == 0)

        #expect(rename(other, database) == 0)
        try self.expectAddRefused(server)
        try self.expectReady(server, "replaced")
        try self.expectAddRefused(server)
        #expect(server.stop(signal: SIGTERM) == 0)

        // The file now at the path is the replacement, untouched: none of the refused adds went into it.
        let restarted = try self.start(database)
        defer { restarted.stop(signal: SIGTERM) }
        try self.expectIDs(restarted, key: "other", [stranger])
        try self.expectIDs(restarted, [])
    }

    /// Whether `chattr +i` works here (root with CAP_LINUX_IMMUTABLE on a file system that has the flag):
    /// the only way to make a file unwritable for root.
    private static let immutableFilesWork: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("phota-chattr-\(UUID().uuidString)")
            .path
        _ = FileManager.default.createFile(atPath: probe, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard StorageFaultTests.chattr("+i", [probe]) else { return false }
        let writable = FileHandle(forWritingAtPath: probe) != nil
        _ = StorageFaultTests.chattr("-i", [probe])
        return !writable
    }()

    @discardableResult
    private static func chattr(_ flag: String, _ paths: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["chattr", flag] + paths
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test(.enabled(if: StorageFaultTests.immutableFilesWork, "needs chattr +i"))
    func addsAnswer500AndReadinessSaysFailing_WhileTheDatabaseIsUnwritable_AndBothRecoverWhenItIsWritableAgain() throws
    {
        let database = self.directory() + "/db.sqlite3"
        let files = [database, database + "-wal"]
        let server = try self.start(database)
        let before = try self.addAcknowledged(server)

        #expect(Self.chattr("+i", files))
        defer { Self.chattr("-i", files) }
        try self.expectAddRefused(server)
        try self.expectReady(server, "failing")
        try self.expectAddRefused(server)
        try self.expectReady(server, "failing")
        try self.expectBalanceReadable(server)

        #expect(Self.chattr("-i", files))
        try self.expectReady(server, "ok")
        let after = try self.addAcknowledged(server)
        #expect(server.stop(signal: SIGKILL) == SIGKILL)

        let restarted = try self.start(database)
        defer { restarted.stop(signal: SIGTERM) }
        try self.expectIDs(restarted, [before, after])
    }

    /// Sets the server's file-size limit (RLIMIT_FSIZE) while it runs, with util-linux's `prlimit`.
    private static func limitFileSize(_ server: ProcessServer, _ limit: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["prlimit", "--pid", "\(server.pid)", "--fsize=\(limit)"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    private static let prlimitWorks: Bool = FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")

    @Test(.enabled(if: StorageFaultTests.prlimitWorks, "needs prlimit"))
    func addsAnswer500AndReadinessSaysFailing_WhileNoFileMayGrow_AndBothRecoverWhenTheyMay() throws {
        let database = self.directory() + "/db.sqlite3"
        let server = try self.start(database)
        let before = try self.addAcknowledged(server)

        // A file-size limit of one byte: every WAL append fails, as on a full disk.
        #expect(Self.limitFileSize(server, "1:unlimited"))
        try self.expectAddRefused(server)
        try self.expectReady(server, "failing")
        try self.expectAddRefused(server)
        try self.expectBalanceReadable(server)

        #expect(Self.limitFileSize(server, "unlimited:unlimited"))
        try self.expectReady(server, "ok")
        let after = try self.addAcknowledged(server)
        #expect(server.stop(signal: SIGKILL) == SIGKILL)

        let restarted = try self.start(database)
        defer { restarted.stop(signal: SIGTERM) }
        try self.expectIDs(restarted, [before, after])
    }
}
