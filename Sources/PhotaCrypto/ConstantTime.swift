// SPDX-License-Identifier: Apache-2.0

/// Comparisons whose time does not depend on where the inputs differ, for checking a presented signature
/// against the expected one: an early exit would let a caller find the right code byte by byte.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. Every byte is read whatever the first difference; only the
    /// lengths (public for a fixed-size code) are compared up front.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
