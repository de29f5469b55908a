// SPDX-License-Identifier: Apache-2.0
import Dispatch
import FoundationEssentials
import Synchronization

/// The one source of simulated time, in epoch milliseconds.
///
/// Running, it follows the wall: `now = anchor + elapsed wall time × scale` (scale 60 = one simulated minute
/// per real second). Frozen ("manual"), it moves only when told, through ``advance(by:)`` and ``set(to:)``.
/// Each account may carry an offset: its now is the global now plus the offset, and
/// ``advance(account:by:)`` moves that account alone. Observers (the ``Scheduler``) are told after every
/// change, outside the clock's lock, so that advancing applies every due transition before it returns.
///
/// ```swift
/// let clock = SimulatedClock.manual(at: 0)
/// clock.advance(by: 500)                 // every account moves 500 ms
/// clock.advance(account: "key-a", by: 60_000)  // only key-a moves a minute further
/// ```
public final class SimulatedClock: Sendable {
    private struct State {
        var anchorSimulated: Int64
        var anchorWall: UInt64
        var running: Bool
        var scale: Double
        var offsets: [String: Int64] = [:]
        var observers: [@Sendable (ClockChange) -> Void] = []
    }

    private let state: Mutex<State>
    private let wall: @Sendable () -> UInt64

    /// - Parameters:
    ///   - start: the simulated epoch milliseconds at creation.
    ///   - scale: simulated time per wall time while running.
    ///   - running: false for a manual clock that starts frozen.
    ///   - monotonicNanoseconds: the wall source for elapsed time (the monotonic uptime by default).
    public init(
        start: Int64, scale: Double = 1, running: Bool,
        monotonicNanoseconds: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
    ) {
        precondition(scale > 0 && scale.isFinite, "scale must be a finite number > 0")
        self.wall = monotonicNanoseconds
        self.state = Mutex(
            State(anchorSimulated: start, anchorWall: monotonicNanoseconds(), running: running, scale: scale))
    }

    /// A clock that follows the wall from the current epoch time at `scale`.
    public static func real(scale: Double = 1) -> SimulatedClock {
        SimulatedClock(start: Int64((Date().timeIntervalSince1970 * 1000).rounded()), scale: scale, running: true)
    }

    /// A frozen clock that moves only when told.
    public static func manual(at start: Int64 = 1_700_000_000_000) -> SimulatedClock {
        SimulatedClock(start: start, running: false)
    }

    /// The global simulated now.
    public func now() -> Int64 {
        let wall = self.wall()
        return self.state.withLock { Self.now($0, wall: wall) }
    }

    /// The account's simulated now: the global now plus its offset.
    public func now(account: String) -> Int64 {
        let wall = self.wall()
        return self.state.withLock { Self.now($0, wall: wall) &+ ($0.offsets[account] ?? 0) }
    }

    /// How far `account` is ahead of global time, in milliseconds.
    public func offset(account: String) -> Int64 {
        self.state.withLock { $0.offsets[account] ?? 0 }
    }

    /// Simulated time per wall time while running.
    public var scale: Double {
        self.state.withLock { $0.scale }
    }

    /// False while frozen (a manual clock).
    public var isRunning: Bool {
        self.state.withLock { $0.running }
    }

    /// Changes the speed from now on; time already elapsed keeps its old scale.
    public func setScale(_ scale: Double) {
        precondition(scale > 0 && scale.isFinite, "scale must be a finite number > 0")
        self.change(.global) { state, wall in
            state.anchorSimulated = Self.now(state, wall: wall)
            state.anchorWall = wall
            state.scale = scale
        }
    }

    /// Moves global time forward (or back, for a negative value) by `milliseconds`.
    public func advance(by milliseconds: Int64) {
        self.change(.global) { state, _ in state.anchorSimulated &+= milliseconds }
    }

    /// Moves only `account` forward by `milliseconds`.
    public func advance(account: String, by milliseconds: Int64) {
        self.change(.account(account)) { state, _ in state.offsets[account, default: 0] &+= milliseconds }
    }

    /// Drops every account's offset (each account's now becomes the global now again).
    public func clearOffsets() {
        let accounts = self.state.withLock { state -> [String] in
            defer { state.offsets.removeAll() }
            return Array(state.offsets.keys)
        }
        for account in accounts { self.change(.account(account)) { _, _ in } }
    }

    /// Sets global time to `milliseconds`.
    public func set(to milliseconds: Int64) {
        self.change(.global) { state, wall in
            state.anchorSimulated = milliseconds
            state.anchorWall = wall
        }
    }

    /// Stops time where it is; it then moves only when told.
    public func freeze() {
        self.change(.global) { state, wall in
            state.anchorSimulated = Self.now(state, wall: wall)
            state.running = false
        }
    }

    /// Lets time follow the wall again from where it stands.
    public func unfreeze() {
        self.change(.global) { state, wall in
            state.anchorWall = wall
            state.running = true
        }
    }

    /// The wall nanoseconds until global simulated time reaches `deadline`; nil while frozen (never by itself).
    public func wallNanoseconds(until deadline: Int64) -> UInt64? {
        let wall = self.wall()
        return self.state.withLock { state -> UInt64? in
            guard state.running else { return nil }
            let remaining = deadline &- Self.now(state, wall: wall)
            guard remaining > 0 else { return 0 }
            return UInt64((Double(remaining) * 1_000_000 / state.scale).rounded(.up))
        }
    }

    /// Registers `handler`, called after every change outside the clock's lock.
    public func observe(_ handler: @escaping @Sendable (ClockChange) -> Void) {
        self.state.withLock { $0.observers.append(handler) }
    }

    private func change(_ kind: ClockChange, _ body: (inout State, UInt64) -> Void) {
        let wall = self.wall()
        let observers = self.state.withLock { state in
            body(&state, wall)
            return state.observers
        }
        for observer in observers { observer(kind) }
    }

    private static func now(_ state: State, wall: UInt64) -> Int64 {
        guard state.running else { return state.anchorSimulated }
        let elapsed = Double(wall &- state.anchorWall) * state.scale / 1_000_000
        return state.anchorSimulated &+ Int64(elapsed.rounded(.down))
    }
}
