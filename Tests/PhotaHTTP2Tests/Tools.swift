// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Runs the real HTTP/2 peers (curl, nghttp, h2load, python3 with h2) the live tests drive.
/// `scripts/deps.sh test` installs them; a test whose peer is missing is skipped and says why.
enum Tools {
    /// The result of one run.
    struct Output {
        let status: Int32
        let stdout: [UInt8]
        let stderr: String
        var text: String { String(decoding: self.stdout, as: UTF8.self) }
    }

    /// Writes `bytes` to a new temporary file and returns its path (for `curl --data-binary @path`).
    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "phota-h2-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// True when `name` is on PATH.
    static func has(_ name: String) -> Bool {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    /// True when python3 can import h2 (and its hpack).
    static let hasPythonH2: Bool = {
        guard has("python3") else { return false }
        return (try? run("python3", ["-c", "import h2, hpack"]))?.status == 0
    }()

    /// Runs `tool` with `arguments` under `timeout` (so a stuck peer fails the test instead of hanging it).
    static func run(_ tool: String, _ arguments: [String], seconds: Int = 60) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["\(seconds)", tool] + arguments
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        try input.fileHandleForWriting.close()
        let errorData = Mutex2()
        let errorThread = Thread { errorData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        errorThread.start()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = errorData.wait()
        return Output(
            status: process.terminationStatus, stdout: [UInt8](data), stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A one-shot hand-over of the stderr bytes between threads.
private final class Mutex2: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        self.condition.lock()
        self.data = value
        self.condition.signal()
        self.condition.unlock()
    }

    func wait() -> Data {
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.data == nil { self.condition.wait() }
        return self.data!
    }
}

/// One HTTP response as curl printed it with `-i`: every head (101 first, for an upgrade) then the body.
struct CurlResponse {
    var statuses: [Int] = []
    var versions: [String] = []
    /// The final response's fields, names lowercase, in order.
    var headers: [(String, String)] = []
    var body: [UInt8] = []

    func header(_ name: String) -> String? { self.headers.first { $0.0 == name }?.1 }
    var names: [String] { self.headers.map(\.0) }
    var bodyText: String { String(decoding: self.body, as: UTF8.self) }

    /// Parses `curl -i` output (heads separated by blank lines; a 101 head precedes the final one).
    init(_ bytes: [UInt8]) {
        var rest = bytes[...]
        while let end = Self.find([13, 10, 13, 10], in: rest) {
            let head = String(decoding: rest[rest.startIndex..<end], as: UTF8.self)
            rest = rest[(end + 4)...]
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/") else { break }
            self.versions.append(String(statusLine[0]))
            let status = Int(statusLine[1]) ?? 0
            self.statuses.append(status)
            self.headers = lines.compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (
                    line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                )
            }
            if status >= 200 { break }
        }
        self.body = Array(rest)
    }

    private static func find(_ needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = bytes.startIndex
        while index + needle.count <= bytes.endIndex {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
