// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Synchronization

/// Profile ids as the real service makes them: a UUID v4 as 32 lowercase hex digits, no dashes.
/// With a seed the sequence is reproducible (SplitMix64), so a test run can predict its ids.
public final class ProfileIDGenerator: Sendable {
    private let state: Mutex<SeededGenerator>

    /// - Parameter seed: nil draws a random starting state.
    public init(seed: UInt64?) {
        var system = SystemRandomNumberGenerator()
        self.state = Mutex(SeededGenerator(seed: seed ?? system.next()))
    }

    /// The next id.
    public func next() -> String {
        let (high, low) = self.state.withLock { generator -> (UInt64, UInt64) in
            (generator.next(), generator.next())
        }
        // RFC 9562 §5.4: version 4 in the high nibble of byte 6, variant 10 in the top bits of byte 8.
        let versioned = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let varianted = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return Self.hex(versioned) + Self.hex(varianted)
    }

    private static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
