// SPDX-License-Identifier: Apache-2.0

/// How many connections fit in the descriptors left once the server has started.
///
/// Every connection holds one descriptor. What the server opens after start-up besides them (an
/// extra database reader in a burst, an image download's socket) comes out of `reserve`, so a
/// full house of clients cannot starve it: at the cap, accepting waits instead.
public struct DescriptorBudget: Sendable, Equatable {
    /// The soft `RLIMIT_NOFILE`.
    public var limit: Int
    /// Descriptors open once everything the server needs exists.
    public var open: Int
    /// Descriptors kept free for work other than connections.
    public var reserve: Int

    public init(limit: Int, open: Int, reserve: Int) {
        self.limit = limit
        self.open = open
        self.reserve = reserve
    }

    /// The most connections that fit (at least 1, so that a tiny limit still serves).
    public var connections: Int {
        max(1, self.limit - self.open - self.reserve)
    }

    /// `requested`, or fewer when the descriptors do not allow it.
    public func cap(_ requested: Int) -> Int {
        min(requested, self.connections)
    }
}
