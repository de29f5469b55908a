// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Testing

@Suite struct PhaseBoundaryTests {
    @Test func defaultFastPlanHasPresetDurations() throws {
        let harness = Harness(slots: 2)
        let plan = harness.scheduler.plan(apiKey: "k", tier: .fast, tag: nil, imageURLs: Harness.goodURLs)
        #expect(plan == Plan.make(500, 500, 1500))
        let standard = harness.scheduler.plan(apiKey: "k", tier: .standard, tag: "t", imageURLs: Harness.goodURLs)
        #expect(standard == Plan.make(500, 500, 3000))
    }

    @Test func movesThroughEveryPhaseExactlyAtItsBoundary() throws {
        let harness = Harness(slots: 2)
        let job = try harness.submit("p1")
        #expect(job.status == .validating)
        #expect(job.statusSince == 0)
        #expect(job.seq == 1)
        #expect(harness.state("p1") == ProfileState(status: .validating, message: nil, since: 0))
        let steps: [(Int64, ProfileStatus, Int64)] = [
            (499, .validating, 0), (500, .queuing, 500), (999, .queuing, 500), (1000, .inProgress, 1000),
            (2499, .inProgress, 1000), (2500, .ready, 2500), (9999, .ready, 2500),
        ]
        for (time, status, since) in steps {
            harness.clock.set(to: time)
            #expect(harness.state("p1") == ProfileState(status: status, message: nil, since: since), "at \(time)")
        }
        #expect(harness.recorder.trace == ["p1:QUEUING@500", "p1:IN_PROGRESS@1000", "p1:READY@2500"])
        #expect(harness.recorder.all.allSatisfy { $0.apiKey == "key-a" && $0.message == nil })
    }

    @Test func standardTierTrainsLonger() throws {
        let harness = Harness(slots: 2)
        try harness.submit("s1", tier: .standard)
        harness.clock.set(to: 3999)
        #expect(harness.status("s1") == .inProgress)
        harness.clock.set(to: 4000)
        #expect(harness.state("s1") == ProfileState(status: .ready, message: nil, since: 4000))
    }

    @Test func jumpingPastEveryBoundaryStampsEachTransitionAtItsDueTime() throws {
        let harness = Harness(slots: 2)
        try harness.submit("p1")
        harness.clock.advance(by: 60_000)
        #expect(harness.recorder.trace == ["p1:QUEUING@500", "p1:IN_PROGRESS@1000", "p1:READY@2500"])
        #expect(harness.recorder.batchCount == 1)
    }

    @Test func statusReadAppliesDueWorkEvenWithoutTheTimerOrObserver() throws {
        // A running clock whose wall source we move: no observer call, no timer fire; the read must catch up.
        let wall = WallSource()
        let clock = SimulatedClock(start: 0, running: true, monotonicNanoseconds: { wall.nanoseconds })
        let harness = Harness(settings: SchedulerSettings(), clock: clock)
        try harness.submit("p1")
        wall.nanoseconds = 1_000_000_000
        #expect(harness.state("p1") == ProfileState(status: .inProgress, message: nil, since: 1000))
        #expect(harness.recorder.trace == ["p1:QUEUING@500", "p1:IN_PROGRESS@1000"])
    }

    @Test func instantPresetStillPassesThroughEveryPhaseInOrder() throws {
        let harness = Harness(slots: 1, timings: .instant)
        try harness.submit("a")
        try harness.submit("b")
        #expect(harness.state("a") == ProfileState(status: .ready, message: nil, since: 0))
        #expect(harness.state("b") == ProfileState(status: .ready, message: nil, since: 0))
        #expect(
            harness.recorder.trace == [
                "a:QUEUING@0", "b:QUEUING@0", "a:IN_PROGRESS@0", "a:READY@0", "b:IN_PROGRESS@0", "b:READY@0",
            ]
        )
    }
}

/// A settable monotonic source for a running clock.
final class WallSource: @unchecked Sendable {
    // Written and read only from the test's own thread; the scheduler reads it synchronously inside calls.
    var nanoseconds: UInt64 = 0
}
