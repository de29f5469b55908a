// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Synchronization
import Testing

/// `AccountAlarms`: one-shot actions at an account's simulated time, driven by one timer and clock changes.
@Suite struct AccountAlarmsTests {
    private final class Fired: Sendable {
        let names = Mutex<[String]>([])
        func add(_ name: String) { self.names.withLock { $0.append(name) } }
        var all: [String] { self.names.withLock { $0 } }
    }

    private func make() -> (SimulatedClock, ManualSchedulerTimer, AccountAlarms, Fired) {
        let clock = SimulatedClock.manual(at: 1_000)
        let timer = ManualSchedulerTimer()
        return (clock, timer, AccountAlarms(clock: clock, timer: timer), Fired())
    }

    @Test func anAlarmAlreadyDueRunsAtOnceOnTheCallingThread() {
        let (_, timer, alarms, fired) = self.make()
        alarms.schedule(account: "a", at: 1_000) { fired.add("now") }
        #expect(fired.all == ["now"])
        #expect(alarms.pendingCount == 0)
        #expect(timer.deadline == nil)
    }

    @Test func theTimerIsArmedAtTheEarliestAlarmAndFiringRunsOnlyWhatIsDue() {
        let (clock, timer, alarms, fired) = self.make()
        alarms.schedule(account: "a", at: 3_000) { fired.add("a3") }
        alarms.schedule(account: "b", at: 2_000) { fired.add("b2") }
        #expect(timer.deadline == 2_000)
        clock.set(to: 2_500)
        #expect(fired.all == ["b2"])
        #expect(timer.deadline == 3_000)
        timer.fire()
        #expect(fired.all == ["b2"])
        clock.set(to: 3_000)
        #expect(fired.all == ["b2", "a3"])
        #expect(timer.deadline == nil)
    }

    @Test func advancingOneAccountFiresOnlyItsAlarms() {
        let (clock, timer, alarms, fired) = self.make()
        alarms.schedule(account: "a", at: 6_000) { fired.add("a") }
        alarms.schedule(account: "b", at: 6_000) { fired.add("b") }
        clock.advance(account: "a", by: 5_000)
        #expect(fired.all == ["a"])
        // b's alarm is still 5 s away on global time; a's offset no longer counts.
        #expect(timer.deadline == 6_000)
    }

    @Test func anAccountAheadOfGlobalTimeArmsTheTimerEarlier() {
        let (clock, timer, alarms, _) = self.make()
        clock.advance(account: "a", by: 10_000)
        alarms.schedule(account: "a", at: 12_000) {}
        // a's now is 11 000; its alarm is 1 s away, at global 2 000.
        #expect(timer.deadline == 2_000)
    }

    @Test func aFrozenClockHoldsAlarmsUntilMovedAndCancelledOnesNeverRun() {
        let (clock, _, alarms, fired) = self.make()
        let token = alarms.schedule(account: "a", at: 1_500) { fired.add("cancelled") }
        alarms.schedule(account: "a", at: 1_500) { fired.add("kept") }
        #expect(alarms.cancel(token))
        #expect(!alarms.cancel(token))
        #expect(fired.all.isEmpty)
        clock.advance(by: 500)
        #expect(fired.all == ["kept"])
        #expect(alarms.pendingCount == 0)
    }
}
