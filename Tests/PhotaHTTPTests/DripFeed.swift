// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import Testing

/// What a parser made of a request, in a form tests can compare exactly.
struct ParsedSummary: Equatable, CustomStringConvertible {
    var method: String
    var target: String
    var path: String
    var query: [QueryItem]
    var version: HTTPVersion
    var headers: [String]
    var body: [UInt8]

    init(_ request: HTTPRequest) {
        self.method = request.method
        self.target = request.target
        self.path = request.path
        self.query = request.query
        self.version = request.version
        self.headers = request.headers.fields.map { "\($0.name): \($0.value)" }
        self.body = request.body
    }

    var description: String {
        "\(self.method) \(self.target) path=\(self.path) \(self.headers) body=\(String(decoding: self.body, as: UTF8.self))"
    }
}

/// One outcome of feeding a connection's bytes: a request, or the status of the error that ended it.
enum Outcome: Equatable, CustomStringConvertible {
    case request(ParsedSummary)
    case error(Int)

    var description: String {
        switch self {
        case .request(let summary): "request(\(summary))"
        case .error(let code): "error(\(code))"
        }
    }
}

/// A deterministic generator (SplitMix64), so a failing random split can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Feeds bytes to a `RequestParser` the way a connection does: the unconsumed bytes plus each new
/// piece, parsing every pipelined request, stopping at the first error.
enum DripFeed {
    /// The outcomes when `bytes` arrive in pieces ending at `cuts` (sorted offsets), plus whether
    /// the parser asked for `100 Continue` at some point.
    static func run(
        _ bytes: [UInt8], cuts: [Int], limits: ServerLimits = ServerLimits()
    ) -> (outcomes: [Outcome], continues: Int) {
        var parser = RequestParser(limits: limits)
        var pending: [UInt8] = []
        var outcomes: [Outcome] = []
        var continues = 0
        var start = 0
        for end in cuts + [bytes.count] where end > start {
            pending.append(contentsOf: bytes[start..<end])
            start = end
            while !pending.isEmpty {
                let result = pending.withUnsafeBytes { parser.parse($0) }
                switch result {
                case .needMoreData:
                    if parser.takeContinueRequest() { continues += 1 }
                case .complete(let request, let consumed):
                    outcomes.append(.request(ParsedSummary(request)))
                    pending.removeFirst(consumed)
                    continue
                case .malformed(let error):
                    outcomes.append(.error(error.status.code))
                    return (outcomes, continues)
                }
                break
            }
        }
        return (outcomes, continues)
    }

    /// Feeds `text` whole, byte by byte, and in `randomRounds` seeded random splits; records an
    /// issue if any way disagrees with the whole feed, and returns the whole feed's outcomes.
    @discardableResult
    static func verify(
        _ bytes: [UInt8], limits: ServerLimits = ServerLimits(), randomRounds: Int = 25,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [Outcome] {
        let whole = Self.run(bytes, cuts: [], limits: limits).outcomes
        let byteByByte = Self.run(bytes, cuts: Array(0..<bytes.count), limits: limits).outcomes
        #expect(byteByByte == whole, "byte by byte", sourceLocation: sourceLocation)
        var generator = SeededGenerator(seed: UInt64(bytes.count) &* 31 &+ 7)
        for round in 0..<randomRounds {
            let pieces = Int.random(in: 1...max(1, min(12, bytes.count)), using: &generator)
            let cuts = (0..<pieces).map { _ in Int.random(in: 0...bytes.count, using: &generator) }.sorted()
            let split = Self.run(bytes, cuts: cuts, limits: limits).outcomes
            #expect(split == whole, "random split round \(round) cuts \(cuts)", sourceLocation: sourceLocation)
        }
        return whole
    }

    static func verify(
        _ text: String, limits: ServerLimits = ServerLimits(), randomRounds: Int = 25,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [Outcome] {
        Self.verify(Array(text.utf8), limits: limits, randomRounds: randomRounds, sourceLocation: sourceLocation)
    }
}
