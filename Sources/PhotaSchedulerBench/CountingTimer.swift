// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Synchronization

/// The production timer with a counter bumped as each firing starts and ends (odd while one runs), so
/// the CPU sampler can tell the stretches where the scheduler only waits for its next deadline.
final class CountingTimer: SchedulerTimer {
    private let inner: DispatchSchedulerTimer
    /// Even while idle; bumped at the start and end of each firing, and of any other marked activity.
    let activity = Atomic<Int>(0)
    /// Firings so far.
    let firings = Atomic<Int>(0)

    init(_ inner: DispatchSchedulerTimer) {
        self.inner = inner
    }

    func setHandler(_ handler: @escaping @Sendable () -> Void) {
        self.inner.setHandler { [self] in
            self.activity.add(1, ordering: .relaxed)
            self.firings.add(1, ordering: .relaxed)
            handler()
            self.activity.add(1, ordering: .relaxed)
        }
    }

    func arm(at deadline: Int64) {
        self.inner.arm(at: deadline)
    }

    func disarm() {
        self.inner.disarm()
    }
}
