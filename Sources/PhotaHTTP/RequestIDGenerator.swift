// SPDX-License-Identifier: Apache-2.0

/// Request ids: 32 lowercase hex digits from a per-loop SplitMix64 stream seeded from the system's
/// generator, so making one costs a few nanoseconds and no lock.
package struct RequestIDGenerator {
    private var state: UInt64

    /// A stream seeded from the system's generator.
    package init() {
        var seed = SystemRandomNumberGenerator()
        self.state = seed.next()
    }

    /// The next id.
    package mutating func next() -> String {
        let high = self.nextWord()
        let low = self.nextWord()
        return String(unsafeUninitializedCapacity: 32) { buffer in
            Self.writeHex(high, into: buffer, at: 0)
            Self.writeHex(low, into: buffer, at: 16)
            return 32
        }
    }

    private mutating func nextWord() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func writeHex(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { table in
            for index in 0..<16 {
                buffer[offset + index] = table[Int((value >> UInt64(60 - 4 * index)) & 0xF)]
            }
        }
    }
}
