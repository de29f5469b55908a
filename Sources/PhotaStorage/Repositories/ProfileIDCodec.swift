// SPDX-License-Identifier: Apache-2.0

/// Profile ids that carry their row's `seq`: UUID v4s (32 lowercase hex digits) that look random
/// but decode, under the database's key, back to the seq.
///
/// The 122 free bits of the UUID hold a 64-bit keyed permutation of the seq (a Feistel network)
/// and a 58-bit keyed tag of that value. Distinct seqs give distinct ids; an id not made with this
/// key (a real service's id, a typo, a legacy row's random id) fails the tag check and decodes to
/// nil. Finding a profile by id is then a lookup by its primary key, and no index of random ids
/// has to take one random page write per new profile.
public struct ProfileIDCodec: Sendable, Equatable {
    let roundKeys: [UInt32]
    let tagKey: UInt64

    /// The key as stored in the database: 32 hex digits.
    public let keyText: String

    /// A codec for a 128-bit key given as 32 hex digits; nil if the text is not that.
    public init?(keyText: String) {
        guard let (high, low) = Self.parse(Array(keyText.utf8)[...]) else { return nil }
        self.keyText = keyText
        var state = high ^ 0x6A09_E667_F3BC_C908
        self.roundKeys = (0..<6).map { _ in UInt32(truncatingIfNeeded: Self.splitMix(&state)) }
        var tagState = low ^ 0xBB67_AE85_84CA_A73B
        self.tagKey = Self.splitMix(&tagState)
    }

    /// A key drawn from `seed` (reproducible) or from the system's generator.
    public static func newKeyText(seed: UInt64?) -> String {
        var state = seed.map { $0 ^ 0x3C6E_F372_FE94_F82B } ?? UInt64.random(in: .min ... .max)
        return Self.hex(Self.splitMix(&state)) + Self.hex(Self.splitMix(&state))
    }

    /// The id of `seq` (seq ≥ 1).
    public func encode(seq: Int64) -> String {
        let cipher = self.permute(UInt64(bitPattern: seq))
        let payload = (UInt128(cipher) << 58) | UInt128(self.tag(of: cipher))
        let high60 = UInt64(truncatingIfNeeded: payload >> 62)
        let low62 = UInt64(truncatingIfNeeded: payload) & Self.low62Mask
        // RFC 9562 §5.4: version 4 in bits 12…15 of the high half, variant 0b10 on top of the low half.
        let high = ((high60 >> 12) << 16) | 0x4000 | (high60 & 0xFFF)
        let low = 0x8000_0000_0000_0000 | low62
        return Self.hex(high) + Self.hex(low)
    }

    /// The seq `id` was made for, or nil when it was not made by this codec.
    public func decode(_ id: String) -> Int64? {
        var id = id
        return id.withUTF8 { self.decode(utf8: $0) }
    }

    /// `decode` over the id's UTF-8 bytes.
    public func decode(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count == 32, let (high, low) = Self.parse(bytes[...]) else { return nil }
        guard (high >> 12) & 0xF == 4, low >> 62 == 0b10 else { return nil }
        let high60 = ((high >> 16) << 12) | (high & 0xFFF)
        let payload = (UInt128(high60) << 62) | UInt128(low & Self.low62Mask)
        let cipher = UInt64(truncatingIfNeeded: payload >> 58)
        guard UInt64(truncatingIfNeeded: payload) & Self.tagMask == self.tag(of: cipher) else { return nil }
        let seq = Int64(bitPattern: self.unpermute(cipher))
        return seq > 0 ? seq : nil
    }

    // MARK: The permutation and the tag

    private static let low62Mask: UInt64 = (1 << 62) - 1
    private static let tagMask: UInt64 = (1 << 58) - 1

    private func permute(_ value: UInt64) -> UInt64 {
        var left = UInt32(truncatingIfNeeded: value >> 32)
        var right = UInt32(truncatingIfNeeded: value)
        for key in self.roundKeys {
            (left, right) = (right, left ^ Self.mix(right ^ key))
        }
        return UInt64(left) << 32 | UInt64(right)
    }

    private func unpermute(_ value: UInt64) -> UInt64 {
        var left = UInt32(truncatingIfNeeded: value >> 32)
        var right = UInt32(truncatingIfNeeded: value)
        for key in self.roundKeys.reversed() {
            (left, right) = (right ^ Self.mix(left ^ key), left)
        }
        return UInt64(left) << 32 | UInt64(right)
    }

    private func tag(of cipher: UInt64) -> UInt64 {
        var state = cipher ^ self.tagKey
        return Self.splitMix(&state) & Self.tagMask
    }

    /// MurmurHash3's 32-bit finalizer: every input bit affects every output bit.
    private static func mix(_ value: UInt32) -> UInt32 {
        var x = value
        x ^= x >> 16
        x &*= 0x85EB_CA6B
        x ^= x >> 13
        x &*= 0xC2B2_AE35
        x ^= x >> 16
        return x
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    // MARK: Hex

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func hex(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 {
                buffer[index] = Self.hexDigits[Int((value >> (60 - 4 * UInt64(index))) & 0xF)]
            }
            return 16
        }
    }

    /// Two 64-bit halves from exactly 32 lowercase hex digits.
    private static func parse<C: Collection<UInt8>>(_ bytes: C) -> (UInt64, UInt64)? {
        guard bytes.count == 32 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            let nibble: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = UInt64(byte - UInt8(ascii: "a") + 10)
            default: return nil
            }
            if index < 16 { high = high << 4 | nibble } else { low = low << 4 | nibble }
        }
        return (high, low)
    }
}
