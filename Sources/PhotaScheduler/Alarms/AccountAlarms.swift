// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// One-shot actions due at an account's simulated time: "run this when key-a's clock reads T".
///
/// Each account's now is the clock's global now plus the account's offset, so an alarm fires when the
/// clock runs past it, when the whole clock is advanced or set past it, or when only its account is
/// advanced; a frozen clock holds every alarm until it is moved. One timer, armed at the earliest alarm
/// (converted to global time through the account's offset), drives them all; clock changes re-check at
/// once, so an `advance` fires what it made due before it returns.
///
/// Alarms are few (one per request waiting on simulated time), so a linear scan per event is cheaper
/// than keeping them ordered.
public final class AccountAlarms: Sendable {
    /// The handle of a scheduled alarm, for cancelling it.
    public struct Token: Sendable, Hashable {
        let value: UInt64
    }

    private struct Alarm {
        let account: String
        let due: Int64
        let action: @Sendable () -> Void
    }

    private struct State {
        var next: UInt64 = 0
        var alarms: [UInt64: Alarm] = [:]
        /// A pass over the due alarms is running (on some thread).
        var firing = false
        /// Something may have become due during the running pass: it looks again before it ends.
        var again = false
    }

    private let clock: SimulatedClock
    private let timer: any SchedulerTimer
    private let state = Mutex(State())

    /// - Parameters:
    ///   - clock: whose account times the alarms are set in; the alarms observe its changes.
    ///   - timer: armed at the earliest alarm; its handler is set here.
    public init(clock: SimulatedClock, timer: any SchedulerTimer) {
        self.clock = clock
        self.timer = timer
        timer.setHandler { [weak self] in self?.fireDue() }
        clock.observe { [weak self] _ in self?.fireDue() }
    }

    /// Number of alarms not yet fired or cancelled.
    public var pendingCount: Int {
        self.state.withLock { $0.alarms.count }
    }

    /// Runs `action` (on the timer's or the clock changer's thread, never under a lock) once `account`'s
    /// simulated now reaches `due`; at once, on this thread, when it already has (unless a pass over due alarms
    /// is running, which then runs it next).
    @discardableResult
    public func schedule(account: String, at due: Int64, _ action: @escaping @Sendable () -> Void) -> Token {
        let token = self.state.withLock { state -> UInt64 in
            state.next += 1
            state.alarms[state.next] = Alarm(account: account, due: due, action: action)
            return state.next
        }
        self.fireDue()
        return Token(value: token)
    }

    /// Cancels an alarm; false when it already fired or was cancelled.
    @discardableResult
    public func cancel(_ token: Token) -> Bool {
        let removed = self.state.withLock { $0.alarms.removeValue(forKey: token.value) != nil }
        if removed { self.rearm() }
        return removed
    }

    /// Fires every alarm whose account has reached it, then arms the timer for the earliest left.
    ///
    /// One pass runs at a time. A call made while a pass runs — an alarm's action scheduling an alarm already due,
    /// as a job ending starts the next queued one, or another thread — only asks that pass to look again: due
    /// alarms run one after another in a loop, never nested on the stack, however many one clock move makes due.
    private func fireDue() {
        let starts = self.state.withLock { state -> Bool in
            if state.firing {
                state.again = true
                return false
            }
            state.firing = true
            return true
        }
        guard starts else { return }
        repeat {
            let globalNow = self.clock.now()
            let due = self.state.withLock { state -> [Alarm] in
                state.again = false
                var fired: [Alarm] = []
                for (token, alarm) in state.alarms
                where globalNow &+ self.clock.offset(account: alarm.account) >= alarm.due {
                    fired.append(alarm)
                    state.alarms.removeValue(forKey: token)
                }
                return fired
            }
            self.rearm()
            for alarm in due.sorted(by: { $0.due < $1.due }) { alarm.action() }
        } while self.state.withLock({ state -> Bool in
            if state.again { return true }
            state.firing = false
            return false
        })
    }

    private func rearm() {
        self.state.withLock { state in
            let earliest = state.alarms.values.map { $0.due &- self.clock.offset(account: $0.account) }.min()
            if let earliest { self.timer.arm(at: earliest) } else { self.timer.disarm() }
        }
    }
}
