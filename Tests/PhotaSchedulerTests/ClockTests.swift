// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Synchronization
import Testing

@Suite struct ClockTests {
    @Test func manualClockMovesOnlyWhenTold() {
        let clock = SimulatedClock.manual(at: 1000)
        #expect(clock.now() == 1000)
        #expect(!clock.isRunning)
        clock.advance(by: 250)
        #expect(clock.now() == 1250)
        clock.set(to: 10)
        #expect(clock.now() == 10)
        #expect(clock.wallNanoseconds(until: 20) == nil)
    }

    @Test func runningClockFollowsTheWallAtItsScaleAndCanChangeSpeed() {
        let wall = WallSource()
        let clock = SimulatedClock(start: 0, scale: 60, running: true, monotonicNanoseconds: { wall.nanoseconds })
        wall.nanoseconds = 1_000_000_000
        #expect(clock.now() == 60_000)
        clock.setScale(1)
        wall.nanoseconds = 2_000_000_000
        #expect(clock.now() == 61_000)
        #expect(clock.wallNanoseconds(until: 62_000) == 1_000_000_000)
        #expect(clock.wallNanoseconds(until: 100) == 0)
    }

    @Test func freezeStopsAndUnfreezeResumesFromTheSamePoint() {
        let wall = WallSource()
        let clock = SimulatedClock(start: 0, running: true, monotonicNanoseconds: { wall.nanoseconds })
        wall.nanoseconds = 5_000_000
        clock.freeze()
        wall.nanoseconds = 900_000_000
        #expect(clock.now() == 5)
        clock.advance(by: 10)
        #expect(clock.now() == 15)
        clock.unfreeze()
        wall.nanoseconds = 902_000_000
        #expect(clock.now() == 17)
    }

    @Test func accountOffsetsAddToGlobalTime() {
        let clock = SimulatedClock.manual(at: 100)
        clock.advance(account: "a", by: 50)
        #expect(clock.now(account: "a") == 150)
        #expect(clock.now(account: "b") == 100)
        #expect(clock.offset(account: "a") == 50)
        clock.advance(by: 10)
        #expect(clock.now(account: "a") == 160)
    }

    @Test func observersHearEveryChange() {
        let clock = SimulatedClock.manual(at: 0)
        let heard = Mutex<[ClockChange]>([])
        clock.observe { change in heard.withLock { $0.append(change) } }
        clock.advance(by: 1)
        clock.advance(account: "a", by: 1)
        clock.setScale(2)
        clock.unfreeze()
        clock.freeze()
        #expect(heard.withLock { $0 } == [.global, .account("a"), .global, .global, .global])
    }

    @Test func unfreezingReArmsTheTimerForTheSameDeadline() throws {
        let wall = WallSource()
        let clock = SimulatedClock(start: 0, running: false, monotonicNanoseconds: { wall.nanoseconds })
        let harness = Harness(settings: SchedulerSettings(), clock: clock)
        try harness.submit("a")
        harness.timer.clearHistory()
        clock.unfreeze()
        #expect(harness.timer.history == [500])
    }
}
