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
        var out: [UInt8]?
        var copied = 0
        var index = 0
        let quote = UInt8(ascii: "\"")
        while index < body.count {
            guard body[index] == quote else {
                index += 1
                continue
            }
            // A string literal: find its end, noting whether every character is base64.
            var end = index + 1
            var allBase64 = true
            while end < body.count, body[end] != quote {
                if body[end] == UInt8(ascii: "\\") {
                    allBase64 = false
                    end += 1
                } else if !Self.isBase64[Int(body[end])] {
                    allBase64 = false
                }
                end += 1
            }
            let length = end - index - 1
            if allBase64, length >= Self.minimumLength, end < body.count {
                if out == nil { out = [] }
                out!.append(contentsOf: body[copied...index])
                out!.append(contentsOf: "<base64: \(length) characters elided>".utf8)
                copied = end
            }
            index = end + 1
        }
        guard var result = out else { return nil }
        result.append(contentsOf: body[copied...])
        return result
    }
}
