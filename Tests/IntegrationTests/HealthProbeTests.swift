// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaAPIKit
import PhotaHTTP
import PhotaTestSupport
import Testing

/// `phota-mock health`, the probe a container's HEALTHCHECK runs: exit 0 on `200 {"status":"ok"}`, else one line on
/// stderr and exit 1; a bad command line exits 64.
@Suite struct HealthProbeTests {
    private func health(
        _ arguments: [String], environment: [String: String] = [:]
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = ProcessServer.binary
        process.arguments = ["health"] + arguments
        var inherited = ProcessInfo.processInfo.environment
        inherited["PHOTA_MOCK_PORT"] = nil
        process.environment = inherited.merging(environment) { $1 }
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

    /// A loopback TCP socket bound to a free port; listening (connections complete, nothing answers) or not
    /// (connections are refused). Closed by `close()`.
    private struct BoundSocket {
        let descriptor: Int32
        let port: UInt16

        init(listening: Bool) throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            try #require(descriptor >= 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            try #require(bound == 0)
            if listening { try #require(listen(descriptor, 8) == 0) }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            self.descriptor = descriptor
            self.port = UInt16(bigEndian: address.sin_port)
        }

        func close() {
            _ = Glibc.close(self.descriptor)
        }
    }

    @Test func aRunningServerIsHealthy() throws {
        let server = try ProcessServer(arguments: ["--db", ":memory:", "--log-level", "critical", "--threads", "1"])
        defer { server.stop(signal: SIGTERM) }
        for arguments in [
            ["--url", "http://127.0.0.1:\(server.port)"], ["--url", "http://localhost:\(server.port)/"],
            ["--url", "http://127.0.0.1:\(server.port)/_mock/health"], ["--port", "\(server.port)"],
        ] {
            let result = try self.health(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        // With no flag, PHOTA_MOCK_PORT names the port, as it does for `serve`.
        let fromVariable = try self.health([], environment: ["PHOTA_MOCK_PORT": "\(server.port)"])
        #expect(fromVariable.status == 0, "\(fromVariable.stderr)")
    }

    /// The probe is a plain socket: libcurl (which only --fetch-images opens) is never loaded, not even lazily.
    @Test func theProbeNeverLoadsLibcurl() throws {
        let server = try ProcessServer(arguments: ["--db", ":memory:", "--log-level", "critical", "--threads", "1"])
        defer { server.stop(signal: SIGTERM) }
        let result = try self.health(["--port", "\(server.port)"], environment: ["LD_DEBUG": "libs"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("calling init"), "LD_DEBUG had no effect")
        #expect(!result.stderr.contains("libcurl"))
    }

    @Test func aClosedPortIsUnhealthy() throws {
        let closed = try BoundSocket(listening: false)
        defer { closed.close() }
        let result = try self.health(["--url", "http://127.0.0.1:\(closed.port)"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: GET http://127.0.0.1:\(closed.port)/_mock/health: Connection refused\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func aPathThatAnswers404IsUnhealthy() throws {
        let server = try ProcessServer(arguments: ["--db", ":memory:", "--log-level", "critical", "--threads", "1"])
        defer { server.stop(signal: SIGTERM) }
        let result = try self.health(["--url", "http://127.0.0.1:\(server.port)/nothing-here"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "error: GET http://127.0.0.1:\(server.port)/nothing-here/_mock/health: answered 404 Not Found\n")
    }

    @Test func aServerThatNeverAnswersTimesOut() throws {
        let silent = try BoundSocket(listening: true)
        defer { silent.close() }
        let started = Date()
        let result = try self.health(["--port", "\(silent.port)", "--timeout", "0.3"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: GET http://127.0.0.1:\(silent.port)/_mock/health: no response within 0.3 s\n")
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// Another status, or a 200 whose body is not exactly `{"status":"ok"}`, is unhealthy too.
    @Test func otherAnswersAreUnhealthy() throws {
        var router = Router(
            notFound: { _, context in
                DefaultErrorBody.response(status: .notFound, detail: "Not Found", requestID: context.requestID)
            },
            methodNotAllowed: { _, _, context in
                DefaultErrorBody.response(
                    status: .methodNotAllowed, detail: "Method Not Allowed", requestID: context.requestID)
            }
        )
        router.add("GET", "/starting/_mock/health") { _, _, _ in .response(.json(.ok, #"{"status":"starting"}"#)) }
        router.add("GET", "/down/_mock/health") { _, _, _ in
            .response(.json(.serviceUnavailable, #"{"status":"down"}"#))
        }
        let server = try TestHTTPServer(responder: router)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let starting = try self.health(["--url", base + "/starting"])
        #expect(starting.status == 1)
        #expect(
            starting.stderr
                == #"error: GET \#(base)/starting/_mock/health: answered 200 with "{"status":"starting"}", not {"status":"ok"}"#
                + "\n")
        let down = try self.health(["--url", base + "/down"])
        #expect(down.status == 1)
        #expect(down.stderr == "error: GET \(base)/down/_mock/health: answered 503 Service Unavailable\n")
    }

    @Test func aBadCommandLineExits64() throws {
        let cases: [([String], String)] = [
            (["--bogus"], #"error: unknown option "--bogus" for health"#),
            (["--url"], "error: missing value for --url"),
            (
                ["--url", "https://127.0.0.1:8040"],
                #"--url must be http://HOST[:PORT][/PREFIX], not "https://127.0.0.1:8040""#
            ),
            (["--timeout", "0"], #"--timeout must be seconds, more than 0 and less than 86400, not "0""#),
            (["--port", "0"], #"--port must be a port number (1–65535) to probe, not "0""#),
            (["--port", "1", "--url", "http://h"], "--url and --port cannot be given together"),
        ]
        for (arguments, expected) in cases {
            let result = try self.health(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        let variable = try self.health([], environment: ["PHOTA_MOCK_PORT": "http"])
        #expect(variable.status == 64)
        #expect(
            variable.stderr == #"error: PHOTA_MOCK_PORT must be a port number (1–65535) to probe, not "http""# + "\n")
        let help = try self.health(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("USAGE: phota-mock health "))
    }
}
