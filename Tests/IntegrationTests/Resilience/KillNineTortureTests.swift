// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaTestSupport
import Testing

/// Durability under load through the real executable: client threads send concurrent profile adds and async
/// generates, the server gets `SIGKILL` at a seeded random moment 50–500 ms in and is restarted on the same
/// file, and every id it acknowledged (a `200`/`202` read to its last byte), in that round or any before,
/// answers `200` with a documented, consistent state; a `SUCCEEDED` job's downloads work; the file the kill
/// left passes `PRAGMA integrity_check`. `scripts/torture.sh durability` is the long version.
@Suite(.serialized) struct KillNineTortureTests {
    static let rounds = 3
    static let seed: UInt64 = 20_261_201
    static let keys = ["torture-a", "torture-b"]
    static let profileStatuses: Set<String> = ["VALIDATING", "QUEUING", "IN_PROGRESS", "READY", "ERROR"]

    /// What the clients were told was stored, as (key, id), in the order the answers arrived.
    final class Acknowledged: @unchecked Sendable {
        private let lock = NSLock()
        private var profiles: [(String, String)] = []
        private var jobs: [(String, String)] = []
        private var unexpected: [String] = []

        func profile(_ key: String, _ id: String) { self.lock.withLock { self.profiles.append((key, id)) } }
        func job(_ key: String, _ id: String) { self.lock.withLock { self.jobs.append((key, id)) } }
        func surprise(_ text: String) { self.lock.withLock { self.unexpected.append(text) } }
        var snapshot: (profiles: [(String, String)], jobs: [(String, String)], unexpected: [String]) {
            self.lock.withLock { (self.profiles, self.jobs, self.unexpected) }
        }
    }

    /// SplitMix64: the kill delays are the same on every run.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private static func requestText(_ method: String, _ target: String, key: String?, body: String? = nil) -> String {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if let key { text += "X-API-Key: \(key)\r\n" }
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        return text + "\r\n" + (body ?? "")
    }

    private static func object(_ response: RawResponse) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
    }

    /// Sends adds (`jobs` false) or async generates on keep-alive connections until the server dies.
    private static func load(port: UInt16, key: String, jobs: Bool, into acknowledged: Acknowledged) {
        var index = 0
        while let client = try? RawClient(port: port) {
            while true {
                index += 1
                let body =
                    jobs
                    ? #"{"prompt":"torture \#(key) \#(index)","async":true,"response_mode":"urls"}"#
                    : Profiles.addBody(urls: Profiles.urls(5), tier: "fast")
                let path = jobs ? "/v1/phota/generate" : "/v1/phota/profiles/add"
                // A request cut off by the kill gets no whole response: it was not acknowledged.
                guard client.send(Self.requestText("POST", path, key: key, body: body)),
                    let response = client.readResponse()
                else { break }
                let field = jobs ? "job_id" : "profile_id"
                guard response.status == (jobs ? 202 : 200), let id = Self.object(response)?[field] as? String else {
                    acknowledged.surprise("\(path): \(response.status) \(response.bodyText.prefix(200))")
                    break
                }
                if jobs { acknowledged.job(key, id) } else { acknowledged.profile(key, id) }
            }
        }
    }

    /// `PRAGMA integrity_check` through Python's sqlite3 module.
    private static func integrityCheck(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
            path,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Checks the database file and its WAL as the kill left them, on a copy (the restart must see them untouched).
    private static func integrityOfCopy(_ database: String) throws -> String {
        let copy = database + ".copy"
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: database + suffix) {
            try? FileManager.default.removeItem(atPath: copy + suffix)
            try FileManager.default.copyItem(atPath: database + suffix, toPath: copy + suffix)
        }
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }
        return try self.integrityCheck(copy)
    }

    private func send(_ client: RawClient, _ target: String, key: String?) throws -> RawResponse {
        client.send(Self.requestText("GET", target, key: key))
        return try #require(client.readResponse(), "no response to GET \(target)")
    }

    private func checkProfiles(_ port: UInt16, _ profiles: [(String, String)]) throws {
        let client = try RawClient(port: port, timeoutSeconds: 30)
        for (key, id) in profiles {
            let response = try self.send(client, "/v1/phota/profiles/\(id)/status", key: key)
            #expect(response.status == 200, "acknowledged profile \(id) (\(key)) lost: \(response.bodyText)")
            let object = Self.object(response)
            #expect(object?["profile_id"] as? String == id, "\(response.bodyText)")
            #expect(Self.profileStatuses.contains(object?["status"] as? String ?? ""), "\(response.bodyText)")
        }
    }

    /// Downloads a link without a key: a link a poll has shown answers at once, even before its output's row
    /// commits (and after a crash in between, the job ends again with the same links).
    private func download(_ client: RawClient, _ url: String, job: String) throws -> RawResponse {
        let target = try Studio.Link(url).target
        let image = try self.send(client, target, key: nil)
        #expect(image.status == 200, "the link of SUCCEEDED job \(job) answered \(image.status): \(url)")
        return image
    }

    /// Polls every job, checks its state is one the API documents and consistent, and downloads a `SUCCEEDED`
    /// job's images; returns how many downloads it made.
    private func checkJobs(_ port: UInt16, _ jobs: [(String, String)]) throws -> Int {
        let client = try RawClient(port: port, timeoutSeconds: 30)
        var downloads = 0
        for (key, id) in jobs {
            let response = try self.send(client, "/v1/phota/jobs/\(id)", key: key)
            #expect(response.status == 200, "acknowledged job \(id) (\(key)) lost: \(response.bodyText)")
            let job = try #require(Self.object(response), "\(response.bodyText)")
            #expect(job["job_id"] as? String == id)
            let started = !(job["started_at"] is NSNull)
            let finished = !(job["finished_at"] is NSNull)
            let result = job["result"] as? [String: Any]
            let failed = !(job["error"] is NSNull)
            switch job["status"] as? String {
            case "QUEUED": #expect(!started && !finished && result == nil && !failed, "\(response.bodyText)")
            case "RUNNING": #expect(started && !finished && result == nil && !failed, "\(response.bodyText)")
            case "FAILED": #expect(started && finished && result == nil && failed, "\(response.bodyText)")
            case "SUCCEEDED":
                #expect(started && finished && !failed, "\(response.bodyText)")
                let urls = try #require(result?["download_urls"] as? [String], "\(response.bodyText)")
                #expect(!urls.isEmpty, "\(response.bodyText)")
                for url in urls {
                    let image = try self.download(client, url, job: id)
                    downloads += 1
                    #expect(image.status == 200 && image.header("Content-Type") == "image/png", "\(url)")
                    #expect(image.body.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(url)")
                }
            default: Issue.record("job \(id) in an undocumented state: \(response.bodyText)")
            }
        }
        return downloads
    }

    @Test func everyAcknowledgedProfileAndJobSurvivesKill9UnderConcurrentLoad() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "phota-torture-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/db.sqlite3"
        // The default timings: profiles train and jobs run while the kills come.
        let arguments = ["--db", database, "--log-level", "error"]
        var random = SeededGenerator(state: Self.seed)
        var profiles: [(String, String)] = []
        var jobs: [(String, String)] = []
        var server = try ProcessServer(arguments: arguments)
        for round in 1...Self.rounds {
            let acknowledged = Acknowledged()
            let group = DispatchGroup()
            for key in Self.keys {
                for jobs in [false, true] {
                    let port = server.port
                    group.enter()
                    Thread {
                        Self.load(port: port, key: key, jobs: jobs, into: acknowledged)
                        group.leave()
                    }.start()
                }
            }
            let delay = Double.random(in: 0.05...0.5, using: &random)
            Thread.sleep(forTimeInterval: delay)
            #expect(server.stop(signal: SIGKILL) == SIGKILL)
            group.wait()
            let answered = acknowledged.snapshot
            #expect(answered.unexpected.isEmpty, "round \(round): \(answered.unexpected.prefix(3))")
            profiles += answered.profiles
            jobs += answered.jobs
            #expect(try Self.integrityOfCopy(database) == "ok", "round \(round) after the kill at \(delay) s")

            server = try ProcessServer(arguments: arguments)
            try self.checkProfiles(server.port, profiles)
            let downloads = try self.checkJobs(server.port, jobs)
            print(
                "round \(round): killed at \(Int(delay * 1000)) ms, acknowledged \(answered.profiles.count) profiles "
                    + "and \(answered.jobs.count) jobs; checked \(profiles.count) profiles, \(jobs.count) jobs, "
                    + "\(downloads) downloads")
        }
        // Something was acknowledged, or the test showed nothing.
        #expect(!profiles.isEmpty && !jobs.isEmpty)
        #expect(server.stop(signal: SIGTERM) == 0)
        #expect(try Self.integrityCheck(database) == "ok")
    }
}
