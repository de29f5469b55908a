// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#endif

/// Shortens the images in a JSON body before the journal keeps it: every string literal of at least
/// `minimumLength` base64 characters (an inline input image, an output image in bytes mode) becomes
/// `"<base64: N characters elided>"`, so a journal entry shows the request's shape and the other fields
/// rather than its first kilobytes of image data.
enum Base64Elision {
    /// Strings shorter than this are kept (ids, prompts, URLs never match: they hold other characters).
    static let minimumLength = 256

    /// 1 for a base64 character (either alphabet, and padding), 0 otherwise: bytes, so eight lookups can be
    /// combined with `&` and tested once.
    private static let isBase64: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_".utf8 {
            table[Int(byte)] = 1
        }
        return table
    }()

    /// The body with its long base64 strings replaced, or nil when it has none (the common case: no copy).
    static func elide(_ body: [UInt8]) -> [UInt8]? {
        guard body.count >= Self.minimumLength else { return nil }
        // Every journaled body is scanned: the table is fetched once, the bytes read without bounds checks.
        let ranges = Self.isBase64.withUnsafeBufferPointer { table in
            body.withUnsafeBufferPointer { bytes in Self.longBase64Strings(bytes, table) }
        }
        guard !ranges.isEmpty else { return nil }
        var out: [UInt8] = []
        var copied = 0
        for range in ranges {
            out.append(contentsOf: body[copied..<range.lowerBound])
            out.append(contentsOf: "<base64: \(range.count) characters elided>".utf8)
            copied = range.upperBound
        }
        out.append(contentsOf: body[copied...])
        return out
    }

    /// The contents (between the quotes) of every string literal of `minimumLength` or more base64 characters.
    private static func longBase64Strings(
        _ body: UnsafeBufferPointer<UInt8>, _ table: UnsafeBufferPointer<UInt8>
    ) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        let quote = UInt8(ascii: "\"")
        let backslash = UInt8(ascii: "\\")
        let count = body.count
        var index = 0
        while index < count {
            guard let base = body.baseAddress,
                let found = memchr(base + index, Int32(quote), count - index)
            else { break }
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            // Neither a quote nor a backslash is a base64 character: a run of them ends at the closing quote
            // when the whole literal is base64 (an image: most of the bytes of a body that has one).
            var end = index + 1
            // Eight at a time while all eight are base64 (the bulk of an image), then one by one.
            while end + 8 <= count {
                let all =
                    table[Int(body[end])] & table[Int(body[end + 1])] & table[Int(body[end + 2])]
                    & table[Int(body[end + 3])] & table[Int(body[end + 4])] & table[Int(body[end + 5])]
                    & table[Int(body[end + 6])] & table[Int(body[end + 7])]
                if all == 0 { break }
                end += 8
            }
            while end < count && table[Int(body[end])] != 0 { end += 1 }
            var allBase64 = true
            if end < count && body[end] != quote {
                allBase64 = false
                while end < count && body[end] != quote {
                    if body[end] == backslash { end += 1 }
                    end += 1
                }
            }
            if allBase64, end - index - 1 >= Self.minimumLength, end < count {
                ranges.append(index + 1..<end)
            }
            index = end + 1
        }
        return ranges
    }
}
