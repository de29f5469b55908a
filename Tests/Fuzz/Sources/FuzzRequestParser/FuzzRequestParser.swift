// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry point for the HTTP/1.1 request parser. Built by `run.sh` together with the parser's
// own source files (so it reaches internal types); not part of the main package.

/// Limits small enough that random inputs reach every limit's branch.
private let fuzzLimits: ServerLimits = {
    var limits = ServerLimits()
    limits.maxRequestLineBytes = 200
    limits.maxHeaderBytes = 600
    limits.maxHeaderCount = 8
    limits.maxBodyBytes = 300
    return limits
}()

/// Feeds `bytes` in pieces ending at `cuts`, parsing pipelined requests, until an error; returns a
/// description of every outcome (requests in full, errors by status) and of the 100-continue asks.
private func run(_ bytes: UnsafeRawBufferPointer, cuts: [Int]) -> [String] {
    var parser = RequestParser(limits: fuzzLimits)
    var pending: [UInt8] = []
    var outcomes: [String] = []
    var start = 0
    for end in cuts + [bytes.count] where end > start {
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        start = end
        while !pending.isEmpty {
            switch pending.withUnsafeBytes({ parser.parse($0) }) {
            case .needMoreData:
                _ = parser.takeContinueRequest()
            case .complete(let request, let consumed):
                precondition(consumed > 0 && consumed <= pending.count, "consumed \(consumed) of \(pending.count)")
                precondition(request.body.count <= fuzzLimits.maxBodyBytes, "body over the limit")
                precondition(request.headers.count <= fuzzLimits.maxHeaderCount, "too many headers")
                let headers = request.headers.fields.map { "\($0.name)=\($0.value)" }.joined(separator: "|")
                outcomes.append(
                    "\(request.method) \(request.target) \(request.path) \(request.query) \(request.version) \(headers) \(request.body)"
                )
                pending.removeFirst(consumed)
                continue
            case .malformed(let error):
                precondition(
                    [400, 408, 413, 414, 417, 431, 501, 505].contains(error.status.code), "status \(error.status.code)")
                outcomes.append("error \(error.status.code)")
                return outcomes
            }
            break
        }
    }
    return outcomes
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let whole = run(bytes, cuts: [])
    // A split point derived from the data itself, so the fuzzer can steer it.
    let split = size == 0 ? 0 : (Int(bytes[size - 1]) &* 257 &+ size) % (size + 1)
    let halves = run(bytes, cuts: [split])
    precondition(whole == halves, "whole \(whole) != split at \(split) \(halves)")
    if size <= 256 {
        let dripped = run(bytes, cuts: Array(0..<size))
        precondition(whole == dripped, "whole \(whole) != byte by byte \(dripped)")
    }
    return 0
}
