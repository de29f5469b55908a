// SPDX-License-Identifier: Apache-2.0

/// The range a fault rule's latency may take: a delay becomes an integer number of microseconds on a
/// dispatch timer, so it must stay finite and reasonable.
extension LatencyDistribution {
    /// The longest delay a rule may add, in milliseconds (ten minutes).
    public static let maxMs = 600_000.0

    /// Why the distribution cannot be used, or nil.
    var problem: String? {
        let values: [Double]
        var sigma: Double?
        switch self {
        case .fixed(let ms): values = [ms]
        case .uniform(let low, let high): values = [low, high]
        case .lognormal(let median, let shape):
            values = [median]
            sigma = shape
        }
        guard values.allSatisfy({ $0 >= 0 && $0 <= Self.maxMs }) else {
            return "latency values must be finite, non-negative and at most \(Int(Self.maxMs)) ms"
        }
        if let sigma, !(sigma >= 0 && sigma <= 10) { return "latency sigma must be between 0 and 10" }
        return nil
    }

    /// `milliseconds` within `0...maxMs` (a log-normal tail is cut at the cap; NaN counts as 0).
    public static func clamped(_ milliseconds: Double) -> Double {
        milliseconds.isNaN ? 0 : min(max(0, milliseconds), Self.maxMs)
    }
}
