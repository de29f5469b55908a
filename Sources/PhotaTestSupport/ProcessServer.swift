// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc

/// The real `phota-mock` executable run as a child process, for what only a process can show:
/// the CLI contract, signals, `kill -9` and restarts.
public final class ProcessServer {
    public let process = Process()
    /// The port read from the `listening on` line.
    public private(set) var port: UInt16 = 0
    /// Everything the process printed on stdout so far (the first line included).
    public private(set) var firstLine = ""
    private let output = Pipe()
    private let errors = Pipe()

    /// The built executable: `.build/debug/phota-mock` (or `PHOTA_MOCK_BINARY`).
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["PHOTA_MOCK_BINARY"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/phota-mock")
    }

    /// Starts `phota-mock serve --host 127.0.0.1 --port 0 <arguments>` (without the host and port
    /// flags when `listenFlags` is false: then `environment` must say where) and waits (up to 30 s)
    /// for its listening line.
    /// - Parameters:
    ///   - environment: variables added to this process's environment for the child.
    ///   - openFileLimit: the child's `RLIMIT_NOFILE`, soft and hard alike (so raising the soft
    ///     limit to the hard one gains nothing), set by a shell that then execs the server.
    /// - Throws: when it does not start or exits first.
    public init(
        arguments: [String], environment: [String: String] = [:], listenFlags: Bool = true, openFileLimit: Int? = nil
    ) throws {
        let serve = ["serve"] + (listenFlags ? ["--host", "127.0.0.1", "--port", "0"] : []) + arguments
        if let openFileLimit {
            // `ulimit -n` without -S or -H sets both limits; `exec` keeps the pid, so signals reach the server.
            self.process.executableURL = URL(fileURLWithPath: "/bin/sh")
            self.process.arguments =
                ["-c", "ulimit -n \(openFileLimit) && exec \"$0\" \"$@\"", Self.binary.path] + serve
        } else {
            self.process.executableURL = Self.binary
            self.process.arguments = serve
        }
        self.process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        self.process.standardOutput = self.output
        self.process.standardError = self.errors
        try self.process.run()
        let line = try Self.readLine(self.output.fileHandleForReading, timeoutSeconds: 30)
        self.firstLine = line
        guard let range = line.range(of: "listening on http://127.0.0.1:"), let port = UInt16(line[range.upperBound...])
        else {
            self.process.terminate()
            throw ProcessServerError.noListeningLine(line)
        }
        self.port = port
    }

    /// The server's process id.
    public var pid: Int32 {
        self.process.processIdentifier
    }

    /// How many descriptors the server has open now (the entries of `/proc/<pid>/fd`).
    public func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(self.pid)/fd").count) ?? 0
    }

    /// Sends `signal` (e.g. SIGKILL, SIGTERM) and waits for the process to exit; returns its status.
    @discardableResult
    public func stop(signal: Int32) -> Int32 {
        kill(self.process.processIdentifier, signal)
        self.process.waitUntilExit()
        return self.process.terminationStatus
    }

    /// What the process wrote to stderr (after it exited).
    public func standardError() -> String {
        String(decoding: self.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    private static func readLine(_ handle: FileHandle, timeoutSeconds: Int) throws -> String {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(TimeInterval(timeoutSeconds))
        var pollDescriptor = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
        while Date() < deadline {
            guard poll(&pollDescriptor, 1, 100) > 0 else { continue }
            var byte: UInt8 = 0
            guard Glibc.read(handle.fileDescriptor, &byte, 1) == 1 else { break }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        throw ProcessServerError.noListeningLine(String(decoding: bytes, as: UTF8.self))
    }
}

public enum ProcessServerError: Error {
    case noListeningLine(String)
}
