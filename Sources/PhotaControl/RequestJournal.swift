// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// One recorded request to `/v1/phota`.
public struct JournalEntry: Sendable, Equatable {
    /// Increasing sequence number (never reused, even after `clear`).
    public let sequence: UInt64
    /// Wall-clock time of the response, epoch milliseconds.
    public let time: Int64
    public let apiKey: String?
    public let method: String
    public let path: String
    /// The pattern of the route the path belongs to (the router's), nil for a path no route has.
    public let route: String?
    public let query: String
    public let status: Int
    public let latencyMicros: Int64
    public let requestID: String
    /// True when either body was cut.
    public let truncated: Bool
    // The bodies are kept as the bytes the exchange already holds (cut to the body limit) and
    // only decoded when the journal is read: recording runs on every request, reading rarely.
    let requestBytes: [UInt8]
    /// nil for a binary response, shown as its size.
    let responseBytes: [UInt8]?
    let responseSize: Int

    /// The request body as text, cut to the journal's body limit.
    public var requestBody: String { String(decoding: self.requestBytes, as: UTF8.self) }
    /// The response body as text (a placeholder for binary bodies), cut to the body limit.
    public var responseBody: String {
        self.responseBytes.map { String(decoding: $0, as: UTF8.self) } ?? "<\(self.responseSize) bytes>"
    }
}

/// Which entries a listing, count or clear applies to; nil fields match everything.
public struct JournalFilter: Sendable {
    public var path: String?
    public var method: String?
    public var status: Int?
    public var apiKey: String?
    /// Only entries of this route, given as its pattern (`/v1/phota/profiles/{profile_id}/status`).
    public var route: String?
    /// Only entries at or after this time (epoch ms).
    public var since: Int64?

    public init(
        path: String? = nil, method: String? = nil, status: Int? = nil, apiKey: String? = nil, route: String? = nil,
        since: Int64? = nil
    ) {
        self.path = path
        self.method = method
        self.status = status
        self.apiKey = apiKey
        self.route = route
        self.since = since
    }

    func matches(_ entry: JournalEntry) -> Bool {
        (self.path.map { PathPattern($0).matches(entry.path) } ?? true)
            && (self.method.map { $0.asciiUppercased().hasSameBytes(as: entry.method) } ?? true)
            && (self.status.map { $0 == entry.status } ?? true)
            && (self.apiKey.map { filter in entry.apiKey.map { filter.hasSameBytes(as: $0) } ?? false } ?? true)
            && (self.route.map { filter in entry.route.map { filter.hasSameBytes(as: $0) } ?? false } ?? true)
            && (self.since.map { entry.time >= $0 } ?? true)
    }
}

/// A bounded ring buffer of requests: the oldest entry is dropped when full, so memory never grows
/// past `capacity` entries of at most `bodyLimit` bytes per body.
public final class RequestJournal: Sendable {
    /// Most entries kept; 0 turns recording off.
    public let capacity: Int
    /// Most bytes kept of each body.
    public let bodyLimit: Int
    private let state: Mutex<Ring>

    /// The entries; it grows up to `capacity` and then wraps, so a journal that is never used costs nothing at
    /// start (ten thousand empty slots were 2 MB to zero before the first request).
    private struct Ring: ~Copyable {
        var slots: [JournalEntry] = []
        /// Where the next entry goes once the ring is full: the oldest entry.
        var next = 0
        var sequence: UInt64 = 0
    }

    public init(capacity: Int, bodyLimit: Int) {
        self.capacity = max(0, capacity)
        self.bodyLimit = max(0, bodyLimit)
        self.state = Mutex(Ring())
    }

    /// Records one exchange (cheap no-op when capacity is 0).
    public func record(
        time: Int64, apiKey: String?, method: String, path: String, route: String?, query: String, status: Int,
        latencyMicros: Int64, requestID: String, requestBody: [UInt8], responseBody: [UInt8], responseIsText: Bool
    ) {
        guard self.capacity > 0 else { return }
        let (request, requestCut) = Self.cut(requestBody, limit: self.bodyLimit)
        let (response, responseCut) = responseIsText ? Self.cut(responseBody, limit: self.bodyLimit) : ([], false)
        self.state.withLock { ring in
            ring.sequence += 1
            let entry = JournalEntry(
                sequence: ring.sequence, time: time, apiKey: apiKey, method: method, path: path, route: route,
                query: query,
                status: status, latencyMicros: latencyMicros, requestID: requestID,
                truncated: requestCut || responseCut,
                requestBytes: request, responseBytes: responseIsText ? response : nil, responseSize: responseBody.count
            )
            if ring.slots.count < self.capacity { ring.slots.append(entry) } else { ring.slots[ring.next] = entry }
            ring.next = (ring.next + 1) % self.capacity
        }
    }

    /// Matching entries, oldest first, at most `limit` (the newest ones when cut).
    public func list(_ filter: JournalFilter, limit: Int = .max) -> [JournalEntry] {
        let all = self.snapshot().filter(filter.matches)
        return all.count > limit ? Array(all.suffix(limit)) : all
    }

    /// How many entries match.
    public func count(_ filter: JournalFilter) -> Int {
        self.snapshot().reduce(0) { $0 + (filter.matches($1) ? 1 : 0) }
    }

    /// How many entries are held.
    public var size: Int { self.state.withLock { $0.slots.count } }

    /// Removes the matching entries (all when the filter is empty).
    public func clear(_ filter: JournalFilter = JournalFilter()) {
        self.state.withLock { ring in
            let kept = Self.ordered(ring).filter { !filter.matches($0) }
            ring.slots = kept
            ring.next = self.capacity == 0 ? 0 : kept.count % self.capacity
        }
    }

    private func snapshot() -> [JournalEntry] {
        self.state.withLock { Self.ordered($0) }
    }

    /// Oldest first: until the ring is full the slots are in order (and `next` is their count); after, the
    /// oldest is at `next`.
    private static func ordered(_ ring: borrowing Ring) -> [JournalEntry] {
        let slots = ring.slots
        guard !slots.isEmpty else { return [] }
        return (0..<slots.count).map { slots[(ring.next + $0) % slots.count] }
    }

    /// The body within the limit and whether it was cut. A body that fits is shared rather than copied only
    /// when its storage fits too: an entry outlives its request, and must not keep a large buffer alive.
    static func cut(_ bytes: [UInt8], limit: Int) -> ([UInt8], Bool) {
        if bytes.count > limit { return (bytes.withUnsafeBufferPointer { Array($0.prefix(limit)) }, true) }
        // `Array(bytes)` would share the storage; copying through a buffer pointer sizes it to the bytes.
        return (bytes.capacity <= limit ? bytes : bytes.withUnsafeBufferPointer { Array($0) }, false)
    }
}
