// SPDX-License-Identifier: Apache-2.0

/// The one timer a ``Scheduler`` owns: armed at the earliest deadline across all accounts, never polled.
///
/// Deadlines are global simulated epoch milliseconds; an implementation converts them to wall time
/// through the clock. `arm` and `disarm` are called with the scheduler's lock held, so they must not call
/// back into the scheduler synchronously; the handler is called later, from any thread, without locks.
public protocol SchedulerTimer: AnyObject, Sendable {
    /// Sets what runs when the timer fires; the scheduler calls it once, at init.
    func setHandler(_ handler: @escaping @Sendable () -> Void)
    /// Arms the timer for global simulated time `deadline`, replacing any earlier arming.
    func arm(at deadline: Int64)
    /// Cancels the arming: nothing is due.
    func disarm()
}
