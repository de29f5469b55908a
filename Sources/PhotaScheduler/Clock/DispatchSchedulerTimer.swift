// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Synchronization

/// The production timer: one `DispatchSourceTimer` re-armed at the next deadline, idle in between.
public final class DispatchSchedulerTimer: SchedulerTimer {
    private let clock: SimulatedClock
    private let queue: DispatchQueue
    // The source is created once and only touched under `lock`, so the unsynchronised object is confined.
    private nonisolated(unsafe) let source: any DispatchSourceTimer
    private let lock = Mutex(())

    /// - Parameters:
    ///   - clock: converts simulated deadlines to wall delays.
    ///   - queue: where the handler runs.
    public init(clock: SimulatedClock, queue: DispatchQueue = DispatchQueue(label: "phota.scheduler.timer")) {
        self.clock = clock
        self.queue = queue
        self.source = DispatchSource.makeTimerSource(queue: queue)
        self.source.schedule(deadline: .distantFuture)
        self.source.activate()
    }

    deinit {
        self.source.cancel()
    }

    /// Sets what runs when the timer fires.
    public func setHandler(_ handler: @escaping @Sendable () -> Void) {
        self.lock.withLock { _ in self.source.setEventHandler(handler: handler) }
    }

    /// Arms the timer for global simulated time `deadline`.
    public func arm(at deadline: Int64) {
        // A frozen clock never reaches a deadline on its own; the scheduler re-arms when it resumes.
        guard let delay = self.clock.wallNanoseconds(until: deadline) else {
            self.disarm()
            return
        }
        let when = DispatchTime.now() + .nanoseconds(Int(clamping: delay))
        self.lock.withLock { _ in self.source.schedule(deadline: when, leeway: .milliseconds(1)) }
    }

    /// Cancels the arming.
    public func disarm() {
        self.lock.withLock { _ in self.source.schedule(deadline: .distantFuture) }
    }
}
