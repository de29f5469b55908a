// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// The command line as a product: help, version, and clear failures with a non-zero exit.
@Suite struct CLITests {
    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = ProcessServer.binary
        process.arguments = arguments
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
        for flag in ["--host", "--port", "--db", "--api-key", "--credit", "--seed", "--preset", "--time-scale", "--admin-token", "--fixtures", "--log-format", "--fetch-images", "--fetch-timeout"] {
            #expect(serve.stdout.contains(flag), "\(flag)")
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
        ]
        for (arguments, expected) in cases {
            let result = try self.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(!result.stdout.contains("listening on"), "\(arguments)")
        }
    }

    @Test func anUnopenableDatabaseFailsAtStart() throws {
        let result = try self.run(["serve", "--port", "0", "--db", "/proc/phota-mock/nope/db.sqlite3"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: cannot start: "))
        #expect(result.stdout.isEmpty)
    }
}
