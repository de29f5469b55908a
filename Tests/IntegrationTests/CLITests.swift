// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaConfig
import PhotaTestSupport
import Testing

/// The command line as a product: help, version, and clear failures with a non-zero exit.
@Suite struct CLITests {
    private func run(
        _ arguments: [String], environment: [String: String] = [:]
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = ProcessServer.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func versionPrintsTheVersion() throws {
        let result = try self.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "0.1.0\n")
    }

    @Test func helpListsTheCommandAndExitsZero() throws {
        let result = try self.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: phota-mock <subcommand>"))
        #expect(result.stdout.contains("serve (default)"))
        let serve = try self.run(["serve", "--help"])
        #expect(serve.status == 0)
        for flag in [
            "--host", "--port", "--db", "--api-key", "--credit", "--seed", "--preset", "--time-scale", "--admin-token",
            "--fixtures", "--log-format", "--fetch-images", "--fetch-timeout",
        ] {
            #expect(serve.stdout.contains(flag), "\(flag)")
        }
    }

    @Test func helpListsEveryOptionOfTheTable() throws {
        let result = try self.run(["serve", "--help"])
        for option in Options.all {
            #expect(result.stdout.contains("\n  \(option.flag)"), "\(option.flag)")
            #expect(result.stdout.contains("env \(option.environmentVariable),"), "\(option.environmentVariable)")
        }
    }

    /// `phota-mock config` prints what `serve` would use, one line per option with its source, and exits 0.
    @Test func configPrintsEachValueAndItsSource() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("phota-cli-\(UUID().uuidString).json")
            .path
        try #"{"max_body_bytes": 1024, "scheduler": {"preset": "instant"}}"#.write(
            toFile: path, atomically: true, encoding: .utf8)
        let result = try self.run(
            ["config", "--port", "0", "--config", path], environment: ["PHOTA_MOCK_CREDIT": "2.5"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == Options.all.count)
        for line in [
            "port = 0  (flag --port)", "host = \"127.0.0.1\"  (default)", "credit = 2.5  (env PHOTA_MOCK_CREDIT)",
            "max_body_bytes = 1024  (file \(path))", "preset = \"instant\"  (file \(path): scheduler.preset)",
        ] {
            #expect(lines.contains(Substring(line)), "\(line)")
        }
        // The same mistakes as `serve`'s fail it.
        let bad = try self.run(["config", "--api-key", "a b"])
        #expect(bad.status == 64)
        #expect(bad.stderr == #"error: API key "a b" is not one or more visible ASCII characters (0x21-0x7E)"# + "\n")
    }

    /// An unknown `PHOTA_MOCK_` variable is one warning line on stderr; the command still runs. An unknown flag fails.
    @Test func anUnknownVariableWarnsAndAnUnknownFlagFails() throws {
        let result = try self.run(["config", "--admin-token", "t0p"], environment: ["PHOTA_MOCK_PROT": "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.split(separator: "\n").contains(
                "warning: ignoring unknown variable PHOTA_MOCK_PROT (did you mean PHOTA_MOCK_PORT?)"))
        #expect(result.stdout.contains("\nadmin_token = \"***\"  (flag --admin-token)\n"))
        #expect(!result.stdout.contains("t0p"))
        let bad = try self.run(["serve", "--prot", "0"])
        #expect(bad.status == 64)
        #expect(bad.stderr == #"error: unknown option "--prot" (did you mean "--port"?)"# + "\n")
        #expect(bad.stdout.isEmpty)
    }

    @Test func anUnknownConfigKeyFailsWithItsName() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("phota-cli-\(UUID().uuidString).json")
            .path
        try #"{"max_body": 1}"#.write(toFile: path, atomically: true, encoding: .utf8)
        for environment in [["PHOTA_MOCK_CONFIG": path], [:]] {
            let result = try self.run(
                environment.isEmpty ? ["serve", "--config", path] : ["serve"], environment: environment)
            #expect(result.status == 64)
            #expect(result.stderr == "error: unknown key \"max_body\" in --config \(path)\n")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func badFlagsFailWithAMessage() throws {
        let cases: [([String], String)] = [
            (["serve", "--port", "http"], "--port"),
            (["serve", "--bogus"], "--bogus"),
            (["serve", "--preset", "sometimes"], "--preset"),
            (["serve", "--threads", "0"], "--threads must be between 1 and 256."),
            (["serve", "--credit=-1"], "--credit must be a non-negative amount"),
            (["serve", "--log-format", "xml"], "--log-format"),
            (
                ["serve", "--api-key", "caf\u{E9}"],
                #"API key "café" is not one or more visible ASCII characters (0x21-0x7E)"#
            ),
            (
                ["serve", "--api-key", "good", "--api-key", "a b"],
                #"API key "a b" is not one or more visible ASCII characters"#
            ),
            (
                ["serve", "--admin-token", "\u{212A}"],
                "--admin-token must be one or more visible ASCII characters (0x21-0x7E)"
            ),
        ]
        for (arguments, expected) in cases {
            let result = try self.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(!result.stdout.contains("listening on"), "\(arguments)")
        }
    }

    @Test func malformedEnvironmentVariablesFailWithTheirName() throws {
        let cases: [(String, String, String)] = [
            ("PHOTA_MOCK_PORT", "http", #"PHOTA_MOCK_PORT must be a port number (0–65535), not "http""#),
            ("PHOTA_MOCK_CREDIT", "ten", #"PHOTA_MOCK_CREDIT must be an amount in dollars, not "ten""#),
            (
                "PHOTA_MOCK_PRESET", "sometimes",
                #"PHOTA_MOCK_PRESET must be realistic, default or instant, not "sometimes""#
            ),
            ("PHOTA_MOCK_SEED", "-1", #"PHOTA_MOCK_SEED must be a whole number from 0 to 2^64 - 1, not "-1""#),
            ("PHOTA_MOCK_LOG_FORMAT", "xml", #"PHOTA_MOCK_LOG_FORMAT must be text or json, not "xml""#),
            ("PHOTA_MOCK_JOURNAL_SIZE", "many", #"PHOTA_MOCK_JOURNAL_SIZE must be a whole number, not "many""#),
        ]
        for (name, value, expected) in cases {
            let result = try self.run(["serve"], environment: [name: value, "PHOTA_MOCK_DB": ":memory:"])
            #expect(result.status != 0, "\(name)")
            #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
            #expect(!result.stdout.contains("listening on"), "\(name)")
        }
    }

    @Test func environmentVariablesConfigureTheServerAndFlagsWin() throws {
        let server = try ProcessServer(
            arguments: ["--log-format", "text"],
            environment: [
                "PHOTA_MOCK_HOST": "127.0.0.1", "PHOTA_MOCK_PORT": "0", "PHOTA_MOCK_DB": ":memory:",
                "PHOTA_MOCK_LOG_FORMAT": "xml", "PHOTA_MOCK_API_KEYS": "only-this", "PHOTA_MOCK_CREDIT": "2",
            ], listenFlags: false)
        let client = try RawClient(port: server.port)
        func exchange(_ request: String) -> Int? {
            client.send(request)
            return client.readResponse()?.status
        }
        #expect(exchange("GET /v1/phota/profiles/ids HTTP/1.1\r\nHost: h\r\nX-API-Key: other\r\n\r\n") == 401)
        let body =
            #"{"image_urls":["https://h/1.jpg","https://h/2.jpg","https://h/3.jpg","https://h/4.jpg","https://h/5.jpg"],"training_tier":"fast"}"#
        let add =
            "POST /v1/phota/profiles/add HTTP/1.1\r\nHost: h\r\nX-API-Key: only-this\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        #expect(exchange(add) == 200)  // $2.00 covers one fast profile ($1.49)…
        #expect(exchange(add) == 402)  // …not two
        #expect(server.stop(signal: SIGTERM) == 0)
        #expect(server.standardError().contains(" info server started host=127.0.0.1 "))  // --log-format text beat "xml"
    }

    @Test func anUnopenableDatabaseFailsAtStart() throws {
        let result = try self.run(["serve", "--port", "0", "--db", "/proc/phota-mock/nope/db.sqlite3"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: cannot start: "))
        #expect(result.stdout.isEmpty)
    }
}
