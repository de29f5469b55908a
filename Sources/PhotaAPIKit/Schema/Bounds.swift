// SPDX-License-Identifier: Apache-2.0

/// Inclusive lower and upper limits, either optional: Pydantic's `min_length`/`max_length` for strings and lists,
/// `ge`/`le` for integers.
public struct Bounds: Sendable, Equatable {
    /// The smallest allowed value or length, if any.
    public let minimum: Int?
    /// The largest allowed value or length, if any.
    public let maximum: Int?

    /// Limits on both sides: `Bounds(1...128)`.
    public init(_ range: ClosedRange<Int>) {
        self.minimum = range.lowerBound
        self.maximum = range.upperBound
    }

    /// A lower limit only: `Bounds(1...)`.
    public init(_ range: PartialRangeFrom<Int>) {
        self.minimum = range.lowerBound
        self.maximum = nil
    }

    /// An upper limit only: `Bounds(...10)`.
    public init(_ range: PartialRangeThrough<Int>) {
        self.minimum = nil
        self.maximum = range.upperBound
    }
}
