// SPDX-License-Identifier: Apache-2.0

/// The bytes a connection has received and not yet parsed away. The parser sees everything from
/// `start` (a request boundary) on; `consume` moves the boundary past a complete request.
///
/// Its memory follows what it holds, not what it once held: a connection that received an 8 MiB body
/// keeps an 8 MiB array only while that body is being parsed. Once the request is consumed, the
/// storage is released (nothing left) or copied down to what is left (a pipelined remainder), so an
/// idle keep-alive connection holds at most `retainedCapacity`.
struct InboundBuffer {
    private(set) var bytes: [UInt8] = []
    /// The first byte not yet consumed.
    private(set) var start = 0

    /// Capacity kept across requests for the common case of small ones.
    static let retainedCapacity = 64 * 1024

    /// Bytes received and not consumed.
    var unread: Int { self.bytes.count - self.start }

    /// The storage's size, for checking that it shrinks.
    var capacity: Int { self.bytes.capacity }

    mutating func append(_ data: UnsafeRawBufferPointer) {
        self.bytes.append(contentsOf: data)
    }

    /// Calls `body` with the unconsumed bytes.
    func withUnread<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        self.bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[self.start...])) }
    }

    /// Marks the first `count` unconsumed bytes as used.
    mutating func consume(_ count: Int) {
        self.start += count
    }

    /// Drops consumed bytes and gives back storage that is far larger than what is left. Call it
    /// when parsing has stopped (the parser's positions are relative to `start`, so they survive).
    mutating func compact() {
        let capacity = self.bytes.capacity
        if self.unread == 0 {
            self.bytes.removeAll(keepingCapacity: capacity <= Self.retainedCapacity)
            self.start = 0
        } else if capacity > Self.retainedCapacity && self.unread <= capacity / 4 {
            // Copying the remainder costs no more than the bytes consumed since the last copy.
            self.bytes = Array(self.bytes[self.start...])
            self.start = 0
        } else if self.start > Self.retainedCapacity {
            self.bytes.removeFirst(self.start)
            self.start = 0
        }
    }

    /// Everything unconsumed, leaving the buffer empty and its storage released.
    mutating func takeUnread() -> [UInt8] {
        defer { self.removeAll() }
        return Array(self.bytes[self.start...])
    }

    /// Forgets everything and releases the storage.
    mutating func removeAll() {
        self.bytes = []
        self.start = 0
    }
}
