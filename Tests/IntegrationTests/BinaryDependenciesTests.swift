// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// What the executable loads at exec: every shared library costs start-up time and memory, and a mock is
/// started per suite or per test. Foundation (with ICU) and libcurl must never be among them; the release
/// binary, with the Swift runtime linked in, loads only the C libraries listed here.
@Suite struct BinaryDependenciesTests {
    /// The `NEEDED` entries of an ELF file's dynamic section, in order.
    static func needed(_ path: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/readelf")
        process.arguments = ["-d", "--wide", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return text.split(separator: "\n").filter { $0.contains("(NEEDED)") }.compactMap { line in
            guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else { return nil }
            return String(line[line.index(after: open)..<close])
        }
    }

    /// Libraries no build may load at exec.
    static let forbidden = [
        "libFoundation.so", "libFoundationNetworking.so", "libFoundationInternationalization.so",
        "lib_FoundationICU.so", "libcurl.so.4",
    ]

    @Test func theDebugBinaryLoadsNeitherFoundationNorCurl() throws {
        let libraries = try Self.needed(ProcessServer.binary.path)
        #expect(libraries.contains("libsqlite3.so.0"), "\(libraries)")
        for library in Self.forbidden { #expect(!libraries.contains(library), "\(library) in \(libraries)") }
    }

    /// The release binary the test script builds (`PHOTA_MOCK_RELEASE_BINARY`): only these, in any order.
    @Test(
        .enabled(if: ProcessInfo.processInfo.environment["PHOTA_MOCK_RELEASE_BINARY"] != nil, "no release binary named")
    )
    func theReleaseBinaryLoadsOnlyTheCLibraries() throws {
        let path = try #require(ProcessInfo.processInfo.environment["PHOTA_MOCK_RELEASE_BINARY"])
        let allowed: Set = [
            "libsqlite3.so.0", "libnghttp2.so.14", "libz.so.1", "libstdc++.so.6", "libgcc_s.so.1", "libm.so.6",
            "libc.so.6",
            "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
        ]
        let libraries = try Self.needed(path)
        #expect(Set(libraries).isSubset(of: allowed), "\(libraries)")
        #expect(libraries.contains("libsqlite3.so.0"))
    }
}
