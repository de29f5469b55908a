// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Testing

@Suite struct TimerTests {
    @Test func armsOnceAtTheEarliestDeadline() throws {
        let harness = Harness(slots: 2)
        #expect(harness.timer.history == [])
        try harness.submit("a", plan: .make(500, 500, 1500))
        try harness.submit("b", plan: .make(800, 500, 1500))  // later deadline: no new arming
        try harness.submit("c", key: "key-b", plan: .make(300, 500, 1500))  // earlier, other account
        #expect(harness.timer.history == [500, 300])
        #expect(harness.timer.deadline == 300)
        #expect(harness.scheduler.snapshot().nextDeadline == 300)
    }

    @Test func accountOffsetMovesThatAccountsDeadlineInGlobalTime() throws {
        let harness = Harness(slots: 2)
        try harness.submit("a", key: "key-a", plan: .make(500, 500, 1500))
        try harness.submit("b", key: "key-b", plan: .make(600, 500, 1500))
        harness.timer.clearHistory()
        harness.clock.advance(account: "key-b", by: 400)
        #expect(harness.timer.deadline == 200)
        #expect(harness.timer.history == [200])
    }

    @Test func disarmsWhenNothingIsPending() throws {
        let harness = Harness(slots: 2)
        try harness.submit("a", plan: .make(0, 0, 10))
        harness.clock.advance(by: 10)
        #expect(harness.status("a") == .ready)
        #expect(harness.timer.deadline == nil)
        #expect(harness.timer.history.last == .some(nil))
    }

    @Test func firingOnARunningClockAppliesDueWorkAndRearms() throws {
        let wall = WallSource()
        let clock = SimulatedClock(start: 0, scale: 60, running: true, monotonicNanoseconds: { wall.nanoseconds })
        var timings = Timings.realistic
        timings.jitterPercent = 0
        let harness = Harness(settings: SchedulerSettings(timings: timings), clock: clock)
        try harness.submit("a")
        #expect(harness.timer.deadline == 20_000)
        #expect(clock.wallNanoseconds(until: 20_000) == 333_333_334)
        wall.nanoseconds = 333_333_334
        harness.timer.fire()
        #expect(harness.recorder.trace == ["a:QUEUING@20000"])
        #expect(harness.timer.deadline == 30_000)
        // Three wall seconds at scale 60 are the 180 s of training after 10 s of queueing.
        wall.nanoseconds = 500_000_000
        harness.timer.fire()
        #expect(harness.timer.deadline == 210_000)
        wall.nanoseconds = 3_500_000_000
        harness.timer.fire()
        #expect(harness.recorder.trace == ["a:QUEUING@20000", "a:IN_PROGRESS@30000", "a:READY@210000"])
        #expect(harness.timer.deadline == nil)
    }

    @Test func earlyFireChangesNothingAndRearmsTheSameDeadline() throws {
        let wall = WallSource()
        let clock = SimulatedClock(start: 0, running: true, monotonicNanoseconds: { wall.nanoseconds })
        let harness = Harness(settings: SchedulerSettings(), clock: clock)
        try harness.submit("a")
        harness.timer.clearHistory()
        wall.nanoseconds = 499_000_000
        harness.timer.fire()
        #expect(harness.recorder.trace == [])
        #expect(harness.timer.history == [500])
    }
}
