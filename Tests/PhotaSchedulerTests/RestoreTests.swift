// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Testing

@Suite struct RestoreTests {
    /// A (training since 0), B (queuing since 100, eligible at 200), C (validating since 150), one slot.
    private func storedJobs() -> [Job] {
        let plan = Plan.make(100, 100, 1000)
        return [
            Job(id: "a", apiKey: "key-a", tier: .fast, seq: 1, status: .inProgress, statusSince: 0, plan: plan),
            Job(id: "b", apiKey: "key-a", tier: .fast, seq: 2, status: .queuing, statusSince: 100, plan: plan),
            Job(id: "c", apiKey: "key-a", tier: .fast, seq: 3, status: .validating, statusSince: 150, plan: plan),
        ]
    }

    @Test func catchesUpInDueOrderWithDueTimestamps() throws {
        let harness = Harness(slots: 1, clock: .manual(at: 5000))
        try harness.scheduler.restore(self.storedJobs().reversed())
        #expect(
            harness.recorder.trace == [
                "c:QUEUING@250",
                "a:READY@1000", "b:IN_PROGRESS@1000",
                "b:READY@2000", "c:IN_PROGRESS@2000",
                "c:READY@3000",
            ]
        )
        #expect(harness.recorder.batchCount == 1)
        #expect(harness.state("c") == ProfileState(status: .ready, message: nil, since: 3000))
        #expect(harness.timer.deadline == nil)
        #expect(harness.scheduler.snapshot().counts[.ready] == 3)
    }

    @Test func catchesUpPartwayAndKeepsTheRestScheduled() throws {
        let harness = Harness(slots: 1, clock: .manual(at: 1500))
        try harness.scheduler.restore(self.storedJobs())
        #expect(harness.recorder.trace == ["c:QUEUING@250", "a:READY@1000", "b:IN_PROGRESS@1000"])
        #expect(harness.state("b") == ProfileState(status: .inProgress, message: nil, since: 1000))
        #expect(harness.state("c") == ProfileState(status: .queuing, message: nil, since: 250))
        #expect(harness.timer.deadline == 2000)
        harness.clock.set(to: 2000)
        #expect(harness.state("c") == ProfileState(status: .inProgress, message: nil, since: 2000))
    }

    @Test func newSubmissionsContinueTheSequenceAfterRestoredOnes() throws {
        let harness = Harness(slots: 1, clock: .manual(at: 0))
        try harness.scheduler.restore(self.storedJobs())
        #expect(try harness.submit("d").seq == 4)
    }

    @Test func restoredFinalJobsAnswerReadsAndRunningOnesHoldSlotsOverCapacity() throws {
        let plan = Plan.make(0, 0, 1000)
        let harness = Harness(slots: 1, clock: .manual(at: 0))
        try harness.scheduler.restore([
            Job(
                id: "done", apiKey: "k", tier: .fast, seq: 1, status: .error, statusSince: -5, plan: plan, message: "m"),
            Job(id: "r1", apiKey: "k", tier: .fast, seq: 2, status: .inProgress, statusSince: 0, plan: plan),
            Job(id: "r2", apiKey: "k", tier: .fast, seq: 3, status: .inProgress, statusSince: 0, plan: plan),
            Job(id: "w", apiKey: "k", tier: .fast, seq: 4, status: .queuing, statusSince: 0, plan: plan),
        ])
        #expect(harness.state("done") == ProfileState(status: .error, message: "m", since: -5))
        harness.clock.set(to: 1000)
        // Both running jobs end at 1000; only then is the one slot free for w.
        #expect(harness.recorder.trace == ["r1:READY@1000", "r2:READY@1000", "w:IN_PROGRESS@1000"])
    }

    @Test func rejectsDuplicateIDs() throws {
        let harness = Harness(slots: 1)
        try harness.scheduler.restore(self.storedJobs())
        #expect(throws: SchedulerError.self) { try harness.scheduler.restore([self.storedJobs()[0]]) }
        #expect(throws: SchedulerError.self) { try harness.submit("a") }
    }
}
