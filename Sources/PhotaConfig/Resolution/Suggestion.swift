// SPDX-License-Identifier: Apache-2.0

/// "Did you mean": the known name nearest to a mistyped flag, variable or key.
enum Suggestion {
    /// The candidate within edit distance 2 of `name` (and nearer than `name` is long, so that a one-letter
    /// key does not match every short one); the nearest, the first of equals. nil when none is that near.
    static func nearest(_ name: String, among candidates: some Sequence<String>) -> String? {
        let limit = min(2, name.count - 1)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = Self.distance(name, candidate)
            if distance <= limit, distance < best?.distance ?? .max { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// ` (did you mean "port"?)` for a near candidate, quoted as `quote` quotes it; empty when none is near.
    static func didYouMean(
        _ name: String, among candidates: some Sequence<String>, quote: (String) -> String = JSONValue.quoted
    ) -> String {
        Self.nearest(name, among: candidates).map { " (did you mean \(quote($0))?)" } ?? ""
    }

    /// The Levenshtein distance: the fewest characters inserted, deleted or replaced to turn `a` into `b`.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                let replace = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(replace, previous[j] + 1, current[j - 1] + 1)
            }
            previous = current
        }
        return previous[b.count]
    }
}
