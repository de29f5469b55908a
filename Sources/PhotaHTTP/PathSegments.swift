// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#endif

/// A path's segments after its leading `/`, as ranges of its bytes: percent-decoded bytes when the path has
/// escapes, the raw path's own bytes (no copy) otherwise. Splitting the `String` walked grapheme clusters,
/// which was a fifth of a status request's user time.
struct PathSegments {
    let bytes: UnsafeBufferPointer<UInt8>
    let ranges: [Range<Int>]

    var count: Int { self.ranges.count }

    func isEmpty(_ index: Int) -> Bool { self.ranges[index].isEmpty }

    func equals(_ index: Int, _ literal: [UInt8]) -> Bool {
        let range = self.ranges[index]
        guard range.count == literal.count else { return false }
        return literal.withUnsafeBufferPointer { literal in
            guard let base = self.bytes.baseAddress, let other = literal.baseAddress else { return range.isEmpty }
            return memcmp(base + range.lowerBound, other, range.count) == 0
        }
    }

    func string(_ index: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self.bytes[self.ranges[index]]), as: UTF8.self)
    }

    /// Calls `body` with the segments of `rawPath`: the pieces between `/`s, the one before the first `/`
    /// dropped (empty for an origin-form path); each decoded when the path has a `%`.
    static func with<Result>(_ rawPath: String, _ body: (PathSegments) -> Result) -> Result {
        var path = rawPath
        return path.withUTF8 { raw in
            let rawRanges = Self.split(raw)
            guard raw.contains(UInt8(ascii: "%")) else { return body(PathSegments(bytes: raw, ranges: rawRanges)) }
            var decoded: [UInt8] = []
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(rawRanges.count)
            for range in rawRanges {
                let start = decoded.count
                let segment = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: raw[range]))
                decoded.append(contentsOf: PercentDecoding.decode(segment, plusIsSpace: false).utf8)
                ranges.append(start..<decoded.count)
            }
            return decoded.withUnsafeBufferPointer { body(PathSegments(bytes: $0, ranges: ranges)) }
        }
    }

    private static func split(_ raw: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(8)
        var sawSlash = false
        var start = 0
        for index in 0..<raw.count where raw[index] == UInt8(ascii: "/") {
            if sawSlash { ranges.append(start..<index) }
            sawSlash = true
            start = index + 1
        }
        if sawSlash { ranges.append(start..<raw.count) }
        return ranges
    }
}
