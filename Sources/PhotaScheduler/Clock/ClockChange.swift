// SPDX-License-Identifier: Apache-2.0

/// What moved when a ``SimulatedClock`` was told to change; observers re-check their deadlines.
public enum ClockChange: Sendable, Equatable, Hashable {
    /// Global time jumped, froze, resumed or changed speed: every account moved.
    case global
    /// Only this account's offset moved.
    case account(String)
}
