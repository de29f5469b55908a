// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Profile ids as the real service makes them: a UUID v4 as 32 lowercase hex digits, no dashes.
/// With a seed the sequence is reproducible (SplitMix64), so a test run can predict its ids.
public final class ProfileIDGenerator: Sendable {
    private let state: Mutex<UInt64>

    /// - Parameter seed: nil draws a random starting state.
    public init(seed: UInt64?) {
        var system = SystemRandomNumberGenerator()
        self.state = Mutex(seed ?? system.next())
    }

    /// The next id.
    public func next() -> String {
        let (high, low) = self.state.withLock { state -> (UInt64, UInt64) in
            (Self.splitMix(&state), Self.splitMix(&state))
        }
        // RFC 9562 §5.4: version 4 in the high nibble of byte 6, variant 10 in the top bits of byte 8.
        let versioned = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let varianted = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return Self.hex(versioned) + Self.hex(varianted)
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
