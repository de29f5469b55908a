// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import Testing

/// Inputs the fuzzer (Tests/Fuzz) found, each fed whole, byte by byte and in random splits with the
/// fuzzer's limits. The raw inputs are kept in Tests/Fuzz/FailCases/.
@Suite struct FuzzRegressionTests {
    /// The limits `Tests/Fuzz` runs with.
    private static var fuzzLimits: ServerLimits {
        var limits = ServerLimits()
        limits.maxRequestLineBytes = 200
        limits.maxHeaderBytes = 600
        limits.maxHeaderCount = 8
        limits.maxBodyBytes = 300
        return limits
    }

    private static let chunkedHead =
        "POST /v1/phota/profiles HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"

    /// crash-8db642ef9a69e0526c6e3374f5dcf1a53281e6fd: an over-long trailer line ending in a bare
    /// LF was 400 when whole (bare LF seen first) but 431 when split before the LF (length seen first).
    @Test func overlongTrailerLineEndingInBareLFIs431EveryWay() {
        let bytes =
            Array((Self.chunkedHead + "0\r\nX-T0: " + String(repeating: "t", count: 700)).utf8) + [0]
            + Array("tt\nXtt".utf8)
        #expect(DripFeed.verify(bytes, limits: Self.fuzzLimits) == [.error(431)])
    }

    @Test func shortTrailerLineEndingInBareLFIs400EveryWay() {
        #expect(DripFeed.verify(Self.chunkedHead + "0\r\nX: y\nmore", limits: Self.fuzzLimits) == [.error(400)])
    }

    /// The same ordering for the chunk-size line: too long is reported before a bare LF.
    @Test func overlongChunkSizeLineEndingInBareLFIsTooLongEveryWay() {
        let text = Self.chunkedHead + "1;" + String(repeating: "e", count: 5000) + "\nx\r\n0\r\n\r\n"
        #expect(DripFeed.verify(text, limits: Self.fuzzLimits, randomRounds: 5) == [.error(400)])
    }
}
