// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Synchronization

/// The production timer: one `DispatchSourceTimer` re-armed at the next deadline, idle in between.
public final class DispatchSchedulerTimer: SchedulerTimer {
    private let clock: SimulatedClock
    private let queue: DispatchQueue
    // The source is created once and only touched under `lock`, so the unsynchronised object is confined.
    private nonisolated(unsafe) let source: any DispatchSourceTimer
    /// When the handler last started (wall nanoseconds, `DispatchTime` uptime).
    private let lock = Mutex<UInt64>(0)
    /// The least time between two firings. Under a steady stream of new profiles (the instant preset
    /// makes each due at once) the timer would otherwise fire for every few of them; this batches them,
    /// at the cost of at most this much lag (status reads are never late: they apply due work themselves).
    private let minimumInterval: UInt64

    /// - Parameters:
    ///   - clock: converts simulated deadlines to wall delays.
    ///   - queue: where the handler runs.
    ///   - minimumInterval: the least time between two firings, in nanoseconds (default 2 ms).
    public init(
        clock: SimulatedClock, queue: DispatchQueue = DispatchQueue(label: "phota.scheduler.timer"),
        minimumInterval: UInt64 = 2_000_000
    ) {
        self.clock = clock
        self.queue = queue
        self.minimumInterval = minimumInterval
        self.source = DispatchSource.makeTimerSource(queue: queue)
        self.source.schedule(deadline: .distantFuture)
        self.source.activate()
    }

    deinit {
        self.source.cancel()
    }

    /// Sets what runs when the timer fires.
    public func setHandler(_ handler: @escaping @Sendable () -> Void) {
        self.lock.withLock { _ in
            self.source.setEventHandler { [weak self] in
                self?.lock.withLock { $0 = DispatchTime.now().uptimeNanoseconds }
                handler()
            }
        }
    }

    /// Arms the timer for global simulated time `deadline`.
    public func arm(at deadline: Int64) {
        // A frozen clock never reaches a deadline on its own; the scheduler re-arms when it resumes.
        guard let delay = self.clock.wallNanoseconds(until: deadline) else {
            self.disarm()
            return
        }
        let now = DispatchTime.now().uptimeNanoseconds
        self.lock.withLock { lastFire in
            let (due, overflow) = now.addingReportingOverflow(delay)
            let at = max(overflow ? UInt64.max : due, lastFire &+ self.minimumInterval)
            self.source.schedule(deadline: DispatchTime(uptimeNanoseconds: at), leeway: .milliseconds(1))
        }
    }

    /// Cancels the arming.
    public func disarm() {
        self.lock.withLock { _ in self.source.schedule(deadline: .distantFuture) }
    }
}
