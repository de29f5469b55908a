// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import Testing

@Suite struct ISOTimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"), (-1, "1969-12-31T23:59:59.999Z"), (-1000, "1969-12-31T23:59:59.000Z"),
        (1_900_000_000_123, "2030-03-17T17:46:40.123Z"), (951_782_400_007, "2000-02-29T00:00:00.007Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func formatsUTCWithMilliseconds(_ milliseconds: Int64, _ text: String) {
        #expect(ISOTimestamp.format(milliseconds: milliseconds) == text)
    }

    @Test func nowIsTheWallClock() {
        let before = ISOTimestamp.nowMilliseconds()
        #expect(before > 1_700_000_000_000 && ISOTimestamp.nowMilliseconds() >= before)
    }
}
