// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Testing

@Suite struct QueueingTests {
    @Test func oneSlotServesThreeProfilesInCreationOrder() throws {
        let harness = Harness(slots: 1)
        for id in ["a", "b", "c"] { try harness.submit(id, plan: .make(100, 100, 1000)) }
        harness.clock.set(to: 200)
        #expect(harness.status("a") == .inProgress)
        #expect(harness.state("b") == ProfileState(status: .queuing, message: nil, since: 100))
        #expect(harness.status("c") == .queuing)
        let load = harness.scheduler.snapshot().accounts["key-a"]
        #expect(load == AccountLoad(queuing: 2, waitingForSlot: 2, inProgress: [.fast: 1, .standard: 0]))
        harness.clock.set(to: 10_000)
        #expect(
            harness.recorder.trace == [
                "a:QUEUING@100", "b:QUEUING@100", "c:QUEUING@100",
                "a:IN_PROGRESS@200",
                "a:READY@1200", "b:IN_PROGRESS@1200",
                "b:READY@2200", "c:IN_PROGRESS@2200",
                "c:READY@3200",
            ]
        )
    }

    @Test func freeSlotGoesToLowestSequenceAmongEligible() throws {
        let harness = Harness(slots: 1)
        try harness.submit("runner", plan: .make(0, 0, 1000))
        try harness.submit("early", plan: .make(400, 100, 100))  // seq 2, eligible at 500
        try harness.submit("late", plan: .make(100, 100, 100))  // seq 3, eligible at 200
        harness.clock.set(to: 5000)
        #expect(
            harness.recorder.trace == [
                "runner:QUEUING@0", "runner:IN_PROGRESS@0",
                "late:QUEUING@100", "early:QUEUING@400",
                "runner:READY@1000", "early:IN_PROGRESS@1000",
                "early:READY@1100", "late:IN_PROGRESS@1100",
                "late:READY@1200",
            ]
        )
    }

    @Test func tiersHaveSeparateSlots() throws {
        let harness = Harness(slots: 1)
        try harness.submit("f1", tier: .fast, plan: .make(0, 0, 1000))
        try harness.submit("f2", tier: .fast, plan: .make(0, 0, 1000))
        try harness.submit("s1", tier: .standard, plan: .make(0, 0, 1000))
        harness.clock.set(to: 1)
        #expect(harness.status("f1") == .inProgress)
        #expect(harness.status("f2") == .queuing)
        #expect(harness.state("s1") == ProfileState(status: .inProgress, message: nil, since: 0))
    }

    @Test func accountsHaveSeparateSlots() throws {
        let harness = Harness(slots: 1)
        try harness.submit("a1", key: "key-a", plan: .make(0, 0, 1000))
        try harness.submit("a2", key: "key-a", plan: .make(0, 0, 1000))
        try harness.submit("b1", key: "key-b", plan: .make(0, 0, 1000))
        harness.clock.set(to: 10)
        #expect(harness.state("a1") == ProfileState(status: .inProgress, message: nil, since: 0))
        #expect(harness.state("a2") == ProfileState(status: .queuing, message: nil, since: 0))
        #expect(harness.state("b1") == ProfileState(status: .inProgress, message: nil, since: 0))
        let snapshot = harness.scheduler.snapshot()
        #expect(snapshot.accounts["key-a"]?.waitingForSlot == 1)
        #expect(snapshot.accounts["key-b"]?.waitingForSlot == 0)
        #expect(snapshot.counts[.inProgress] == 2)
        #expect(snapshot.counts[.queuing] == 1)
    }

    @Test func accountOffsetMovesOnlyThatAccount() throws {
        let harness = Harness(slots: 1)
        try harness.submit("a1", key: "key-a")
        try harness.submit("b1", key: "key-b")
        harness.clock.advance(account: "key-a", by: 2500)
        #expect(harness.clock.now(account: "key-a") == 2500)
        #expect(harness.clock.now(account: "key-b") == 0)
        #expect(harness.state("a1") == ProfileState(status: .ready, message: nil, since: 2500))
        #expect(harness.state("b1") == ProfileState(status: .validating, message: nil, since: 0))
        #expect(harness.recorder.trace == ["a1:QUEUING@500", "a1:IN_PROGRESS@1000", "a1:READY@2500"])
        // A profile added to the advanced account starts at that account's now.
        let job = try harness.submit("a2", key: "key-a")
        #expect(job.statusSince == 2500)
        harness.clock.advance(by: 500)
        #expect(harness.state("a2") == ProfileState(status: .queuing, message: nil, since: 3000))
        #expect(harness.state("b1") == ProfileState(status: .queuing, message: nil, since: 500))
    }
}
