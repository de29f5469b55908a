// SPDX-License-Identifier: Apache-2.0

/// Finds the end of a request head (the empty line) while checking line endings and size limits,
/// resuming where the previous call stopped.
struct HeadScan: Sendable {
    /// The next byte to look at.
    private(set) var position = 0
    /// Where the request line starts, after any empty lines before it.
    private var headStart = 0
    private var lineStart = 0
    private var sawRequestLine = false

    enum Outcome {
        case needMoreData
        case complete(headStart: Int, headEnd: Int)
        case malformed(HTTPParseError)
    }

    mutating func advance(_ bytes: UnsafeRawBufferPointer, limits: ServerLimits) -> Outcome {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        var index = self.position
        let count = bytes.count
        while index < count {
            // A run of bytes that are neither CR nor LF is skipped in a tight loop; only a limit can end it. The
            // limits are those checked after each byte below, found for the whole run at once: the request line's
            // (its bytes past `lineStart`) and the head's (bytes from the first), the line's first when both fall
            // on the same byte.
            var end = index
            while end < count {
                let byte = bytes[end]
                if byte == lf || byte == cr { break }
                end += 1
            }
            if end > index {
                let lineLimitAt = self.sawRequestLine ? Int.max : self.lineStart + limits.maxRequestLineBytes + 1
                let headLimitAt = limits.maxHeaderBytes + 1
                if max(min(lineLimitAt, headLimitAt), index + 1) <= end {
                    if lineLimitAt <= headLimitAt {
                        return .malformed(
                            HTTPParseError(
                                .uriTooLong, "Request line is longer than \(limits.maxRequestLineBytes) bytes."))
                    }
                    return .malformed(
                        HTTPParseError(
                            .headersTooLarge, "Request header block is larger than \(limits.maxHeaderBytes) bytes."))
                }
                index = end
                if index == count { break }
            }
            let byte = bytes[index]
            if byte == lf {
                // RFC 9112 §2.2 lets a recipient accept a bare LF; we do not, because proxies that
                // disagree about line ends are how requests get smuggled.
                guard index > 0, bytes[index - 1] == cr else { return .malformed(.bad("Bare LF in request head.")) }
                let lineLength = index - 1 - self.lineStart
                if !self.sawRequestLine {
                    if lineLength == 0 {
                        // RFC 9112 §2.2: ignore empty lines received before the request line.
                        self.headStart = index + 1
                    } else {
                        self.sawRequestLine = true
                    }
                } else if lineLength == 0 {
                    self.position = index + 1
                    return .complete(headStart: self.headStart, headEnd: index + 1)
                }
                self.lineStart = index + 1
            } else if byte == cr {
                guard index + 1 < count else { break }
                if bytes[index + 1] != lf { return .malformed(.bad("Bare CR in request head.")) }
            }
            index += 1
            // The limit is on the line itself: its CRLF does not count, so a line of exactly
            // `maxRequestLineBytes` is accepted (a CR here is followed by LF, or was refused above).
            if !self.sawRequestLine && byte != cr && index - self.lineStart > limits.maxRequestLineBytes {
                return .malformed(
                    HTTPParseError(.uriTooLong, "Request line is longer than \(limits.maxRequestLineBytes) bytes."))
            }
            // Counted from the first byte, not `headStart`: empty lines before the request line count
            // too, or an endless stream of CRLFs would grow the connection's buffer without bound.
            if index > limits.maxHeaderBytes {
                return .malformed(
                    HTTPParseError(
                        .headersTooLarge, "Request header block is larger than \(limits.maxHeaderBytes) bytes."))
            }
        }
        self.position = index
        return .needMoreData
    }
}
