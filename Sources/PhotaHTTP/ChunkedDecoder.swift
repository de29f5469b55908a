// SPDX-License-Identifier: Apache-2.0

/// Decodes a chunked request body (RFC 9112 §7.1) incrementally, collecting the data as it goes.
struct ChunkedDecoder: Sendable {
    /// The next unread byte, as an offset into the connection's buffer.
    private(set) var position: Int
    private(set) var body: [UInt8] = []
    private var phase = Phase.size
    private var trailerBytes = 0

    private enum Phase: Sendable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers
    }

    enum Outcome {
        case needMoreData
        case complete(end: Int)
        case malformed(HTTPParseError)
    }

    /// A chunk-size line longer than this is refused: 15 hex digits plus room for extensions.
    private static let maxSizeLine = 4096

    init(position: Int) {
        self.position = position
    }

    mutating func advance(_ bytes: UnsafeRawBufferPointer, maxBody: Int, maxTrailer: Int) -> Outcome {
        while true {
            switch self.phase {
            case .size:
                // Limits are checked on the bytes before the LF whether or not it has arrived, so the
                // outcome does not depend on how the bytes were split into reads.
                guard let lineEnd = self.findLine(bytes) else {
                    return bytes.count - self.position > Self.maxSizeLine
                        ? .malformed(.bad("Chunk size line too long.")) : .needMoreData
                }
                if lineEnd - self.position > Self.maxSizeLine { return .malformed(.bad("Chunk size line too long.")) }
                guard self.endsWithCR(lineEnd, bytes) else { return .malformed(.bad("Bare LF in chunked body.")) }
                guard
                    case .done(let size) = Self.parseSize(
                        UnsafeRawBufferPointer(rebasing: bytes[self.position..<(lineEnd - 1)]))
                else {
                    return .malformed(.bad("Invalid chunk size."))
                }
                self.position = lineEnd + 1
                if size == 0 {
                    self.phase = .trailers
                } else {
                    guard size <= maxBody - self.body.count else {
                        return .malformed(
                            HTTPParseError(.contentTooLarge, "Request body is larger than \(maxBody) bytes."))
                    }
                    // No reserveCapacity per chunk: reserving exactly would copy the body once per
                    // chunk (quadratic for a body of many small chunks); append grows geometrically.
                    self.phase = .data(remaining: size)
                }
            case .data(let remaining):
                let take = min(remaining, bytes.count - self.position)
                self.body.append(
                    contentsOf: UnsafeRawBufferPointer(rebasing: bytes[self.position..<(self.position + take)]))
                self.position += take
                if take < remaining {
                    self.phase = .data(remaining: remaining - take)
                    return .needMoreData
                }
                self.phase = .dataEnd
            case .dataEnd:
                guard bytes.count - self.position >= 2 else { return .needMoreData }
                guard bytes[self.position] == UInt8(ascii: "\r"), bytes[self.position + 1] == UInt8(ascii: "\n") else {
                    return .malformed(.bad("Chunk data not followed by CRLF."))
                }
                self.position += 2
                self.phase = .size
            case .trailers:
                // Trailer fields are read and dropped: nothing here uses them (RFC 9112 §7.1.2).
                guard let lineEnd = self.findLine(bytes) else {
                    return self.trailerBytes + bytes.count - self.position > maxTrailer
                        ? .malformed(HTTPParseError(.headersTooLarge, "Trailer section too large.")) : .needMoreData
                }
                if self.trailerBytes + lineEnd - self.position > maxTrailer {
                    return .malformed(HTTPParseError(.headersTooLarge, "Trailer section too large."))
                }
                guard self.endsWithCR(lineEnd, bytes) else { return .malformed(.bad("Bare LF in trailer.")) }
                let lineLength = lineEnd - 1 - self.position
                self.trailerBytes += lineLength + 2
                if self.trailerBytes > maxTrailer {
                    return .malformed(HTTPParseError(.headersTooLarge, "Trailer section too large."))
                }
                // RFC 9112 §7.1.2: a trailer section is field lines like a header section's, so
                // each must be `name: value` (no folding, no bare words, no request line).
                if lineLength > 0 {
                    let line = UnsafeRawBufferPointer(rebasing: bytes[self.position..<(lineEnd - 1)])
                    do {
                        _ = try RequestHead.parseField(line)
                    } catch {
                        return .malformed(.bad("Invalid trailer field."))
                    }
                }
                self.position = lineEnd + 1
                if lineLength == 0 { return .complete(end: self.position) }
            }
        }
    }

    /// The index of the LF ending the line at `position`, nil when none has arrived.
    private func findLine(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = self.position
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") { return index }
            index += 1
        }
        return nil
    }

    /// True when the LF at `lineEnd` is preceded by a CR of the same line (not a bare LF).
    private func endsWithCR(_ lineEnd: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        lineEnd > self.position && bytes[lineEnd - 1] == UInt8(ascii: "\r")
    }

    /// `chunk-size [ chunk-ext ]`: one to 15 hex digits (so no overflow), then extensions, which
    /// must follow their grammar but are otherwise ignored (RFC 9112 §7.1.1).
    private static func parseSize(_ line: UnsafeRawBufferPointer) -> IOResultSize {
        var value = 0
        var digits = 0
        var index = 0
        while index < line.count, let digit = PercentDecoding.hexValue(line[index]) {
            guard digits < 15 else { return .invalid }
            value = value << 4 | Int(digit)
            digits += 1
            index += 1
        }
        guard digits > 0, Self.isExtensionList(line, from: index) else { return .invalid }
        return .done(value)
    }

    /// `*( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )`, where a name is a token
    /// and a value a token or a quoted-string.
    private static func isExtensionList(_ line: UnsafeRawBufferPointer, from start: Int) -> Bool {
        var index = start
        func skipWhitespace() {
            while index < line.count && (line[index] == 0x20 || line[index] == 0x09) { index += 1 }
        }
        func token() -> Bool {
            let first = index
            while index < line.count && CharacterClass.isTokenByte(line[index]) { index += 1 }
            return index > first
        }
        while true {
            skipWhitespace()
            guard index < line.count else { return true }
            guard line[index] == UInt8(ascii: ";") else { return false }
            index += 1
            skipWhitespace()
            guard token() else { return false }
            skipWhitespace()
            guard index < line.count, line[index] == UInt8(ascii: "=") else { continue }
            index += 1
            skipWhitespace()
            if index < line.count && line[index] == UInt8(ascii: "\"") {
                guard let end = Self.quotedStringEnd(line, from: index) else { return false }
                index = end
            } else if !token() {
                return false
            }
        }
    }

    /// The index after the quoted-string starting at `start` (RFC 9110 §5.6.4), nil when malformed.
    private static func quotedStringEnd(_ line: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start + 1
        while index < line.count {
            let byte = line[index]
            switch byte {
            case UInt8(ascii: "\""):
                return index + 1
            case UInt8(ascii: "\\"):
                guard index + 1 < line.count, CharacterClass.isFieldValueByte(line[index + 1]) else { return nil }
                index += 2
            default:
                guard CharacterClass.isFieldValueByte(byte) else { return nil }
                index += 1
            }
        }
        return nil
    }

    private enum IOResultSize {
        case done(Int)
        case invalid
    }
}
