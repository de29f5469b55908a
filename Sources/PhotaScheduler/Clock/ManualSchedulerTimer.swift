// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// A timer for tests: it records every arming and fires only when ``fire()`` is called.
public final class ManualSchedulerTimer: SchedulerTimer {
    private struct State {
        var handler: (@Sendable () -> Void)?
        var deadline: Int64?
        var history: [Int64?] = []
    }

    private let state = Mutex(State())

    /// A disarmed timer.
    public init() {}

    /// The deadline currently armed, or nil.
    public var deadline: Int64? {
        self.state.withLock { $0.deadline }
    }

    /// Every call in order: the deadline of an `arm`, nil for a `disarm`.
    public var history: [Int64?] {
        self.state.withLock { $0.history }
    }

    /// Forgets the recorded history (the armed deadline stays).
    public func clearHistory() {
        self.state.withLock { $0.history.removeAll() }
    }

    /// Runs the handler as if the deadline had come, disarming first like a one-shot timer.
    public func fire() {
        let handler = self.state.withLock { state in
            state.deadline = nil
            return state.handler
        }
        handler?()
    }

    /// Sets what runs when the timer fires.
    public func setHandler(_ handler: @escaping @Sendable () -> Void) {
        self.state.withLock { $0.handler = handler }
    }

    /// Arms the timer for global simulated time `deadline`.
    public func arm(at deadline: Int64) {
        self.state.withLock {
            $0.deadline = deadline
            $0.history.append(deadline)
        }
    }

    /// Cancels the arming.
    public func disarm() {
        self.state.withLock {
            $0.deadline = nil
            $0.history.append(nil)
        }
    }
}
