// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Testing

@Suite struct ControlTests {
    private func threeInOneSlot() throws -> Harness {
        let harness = Harness(slots: 1)
        for id in ["a", "b", "c"] { try harness.submit(id, plan: .make(100, 100, 1000)) }
        harness.clock.set(to: 700)
        return harness
    }

    @Test func forceFreesTheSlotForTheNextInQueue() throws {
        let harness = try self.threeInOneSlot()
        #expect(try harness.scheduler.force(id: "a", status: .inactive, message: "Deactivated"))
        #expect(harness.state("a") == ProfileState(status: .inactive, message: "Deactivated", since: 700))
        #expect(harness.state("b") == ProfileState(status: .inProgress, message: nil, since: 700))
        harness.clock.set(to: 1700)
        #expect(harness.state("c") == ProfileState(status: .inProgress, message: nil, since: 1700))
        #expect(
            Array(harness.recorder.trace.suffix(4)) == [
                "a:INACTIVE@700", "b:IN_PROGRESS@700", "b:READY@1700", "c:IN_PROGRESS@1700",
            ])
    }

    @Test func forcingAWaitingProfileTakesItOutOfTheQueue() throws {
        let harness = try self.threeInOneSlot()
        try harness.scheduler.force(id: "b", status: .ready)
        #expect(harness.state("b") == ProfileState(status: .ready, message: nil, since: 700))
        harness.clock.set(to: 1200)
        #expect(harness.state("c") == ProfileState(status: .inProgress, message: nil, since: 1200))
        #expect(harness.scheduler.snapshot().accounts["key-a"]?.waitingForSlot == 0)
        harness.clock.set(to: 5000)
        #expect(!harness.recorder.trace.contains("b:IN_PROGRESS@1200"))
        #expect(harness.recorder.all.filter { $0.profileID == "b" }.map(\.status) == [.queuing, .ready])
    }

    @Test func removeFreesTheSlotAndEmitsNothingForTheRemoved() throws {
        let harness = try self.threeInOneSlot()
        harness.recorder.clear()
        #expect(harness.scheduler.remove(id: "a"))
        #expect(harness.status("a") == nil)
        #expect(harness.state("b") == ProfileState(status: .inProgress, message: nil, since: 700))
        #expect(harness.recorder.trace == ["b:IN_PROGRESS@700"])
        #expect(!harness.scheduler.remove(id: "a"))
        #expect(harness.scheduler.snapshot().counts.values.reduce(0, +) == 2)
    }

    @Test func forceRejectsNonFinalStatusesAndUnknownIDs() throws {
        let harness = try self.threeInOneSlot()
        #expect(throws: SchedulerError.self) { try harness.scheduler.force(id: "a", status: .queuing) }
        #expect(try harness.scheduler.force(id: "nope", status: .ready) == false)
    }

    @Test func forceAppliesDueWorkBeforeChoosingTheNext() throws {
        let harness = try self.threeInOneSlot()
        // Time moves without anyone reading; forcing must first apply a's end at 1200 before freeing b's slot.
        harness.clock.set(to: 1500)
        try harness.scheduler.force(id: "b", status: .error, message: "stopped")
        #expect(harness.state("c") == ProfileState(status: .inProgress, message: nil, since: 1500))
        #expect(harness.state("a") == ProfileState(status: .ready, message: nil, since: 1200))
    }

    @Test func evictDropsOnlyFinalJobs() throws {
        let harness = try self.threeInOneSlot()
        harness.clock.set(to: 1200)
        harness.scheduler.evict(ids: ["a", "b", "missing"])
        #expect(harness.status("a") == nil)
        #expect(harness.status("b") == .inProgress)
        #expect(
            harness.scheduler.snapshot().counts == [
                .validating: 0, .queuing: 1, .inProgress: 1, .ready: 0, .error: 0, .inactive: 0,
            ])
    }
}
