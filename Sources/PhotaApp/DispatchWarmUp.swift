// SPDX-License-Identifier: Apache-2.0
import Dispatch

/// Makes libdispatch open its own descriptors now, while there are descriptors to spare.
///
/// On Linux libdispatch creates its epoll descriptor and wake-up eventfd the first time a source
/// or timer needs the manager thread, and one timerfd per clock (monotonic for `DispatchTime`,
/// realtime for `DispatchWallTime`) the first time a timer on that clock is armed; all of them
/// are kept until exit. If that first time comes when a full house of connections holds every
/// descriptor, `epoll_create1` fails with `EMFILE` and libdispatch traps (SIGILL), or
/// `timerfd_create` fails and that clock's timers never fire again. Firing one timer on each clock
/// at start-up makes all four exist before the first connection is accepted.
///
/// The timers fire while start-up goes on (storage, migrations, routes); `wait()` is called just before
/// the first accept.
/// Unchecked: dispatch sources are thread-safe, and the array is only read after `init`.
final class DispatchWarmUp: @unchecked Sendable {
    private let fired = DispatchSemaphore(value: 0)
    private let sources: [any DispatchSourceTimer]

    /// Arms a timer on each clock.
    init() {
        let queue = DispatchQueue(label: "phota.dispatch.warm-up")
        let uptime = DispatchSource.makeTimerSource(queue: queue)
        // A little ahead: a timer already due may run without libdispatch programming a timerfd.
        uptime.schedule(deadline: .now() + .milliseconds(1))
        let wall = DispatchSource.makeTimerSource(queue: queue)
        wall.schedule(wallDeadline: .now() + .milliseconds(1))
        self.sources = [uptime, wall]
        for source in self.sources {
            source.setEventHandler { [fired] in fired.signal() }
            source.activate()
        }
    }

    /// Returns once both timers have fired, so all four descriptors exist.
    func wait() {
        for _ in self.sources { self.fired.wait() }
        for source in self.sources { source.cancel() }
    }
}
