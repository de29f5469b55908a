// SPDX-License-Identifier: Apache-2.0

/// Shortens the images in a JSON body before the journal keeps it: every string literal of at least
/// `minimumLength` base64 characters (an inline input image, an output image in bytes mode) becomes
/// `"<base64: N characters elided>"`, so a journal entry shows the request's shape and the other fields
/// rather than its first kilobytes of image data.
enum Base64Elision {
    /// Strings shorter than this are kept (ids, prompts, URLs never match: they hold other characters).
    static let minimumLength = 256

    private static let isBase64: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_".utf8 {
            table[Int(byte)] = true
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
        _ body: UnsafeBufferPointer<UInt8>, _ table: UnsafeBufferPointer<Bool>
    ) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        let quote = UInt8(ascii: "\"")
        let backslash = UInt8(ascii: "\\")
        let count = body.count
        var index = 0
        while index < count {
            while index < count && body[index] != quote { index += 1 }
            guard index < count else { break }
            // Neither a quote nor a backslash is a base64 character: a run of them ends at the closing quote
            // when the whole literal is base64 (an image: most of the bytes of a body that has one).
            var end = index + 1
            while end < count && table[Int(body[end])] { end += 1 }
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
