// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Testing

/// Profiles held in `VALIDATING` (while their images download) and released later, on the manual clock.
@Suite struct HoldTests {
    private func held(_ harness: Harness, _ id: String = "a", plan: Plan = .make(100, 100, 1000)) throws {
        try harness.scheduler.submit(id: id, apiKey: "key-a", tier: .fast, plan: plan, held: true)
    }

    @Test func heldProfileOutlastsItsPlannedValidationAndArmsNothing() throws {
        let harness = Harness(slots: 1)
        try self.held(harness)
        #expect(harness.timer.deadline == nil)
        #expect(harness.scheduler.isHeld(id: "a"))
        harness.clock.set(to: 5_000)
        #expect(harness.state("a") == ProfileState(status: .validating, message: nil, since: 0))
        #expect(harness.recorder.trace.isEmpty)
    }

    @Test func lateReleaseEndsValidationAtTheReleaseTime() throws {
        let harness = Harness(slots: 1)
        try self.held(harness)
        harness.clock.set(to: 450)
        #expect(harness.scheduler.release(id: "a"))
        #expect(!harness.scheduler.isHeld(id: "a"))
        #expect(harness.state("a") == ProfileState(status: .queuing, message: nil, since: 450))
        #expect(harness.timer.deadline == 550)
        harness.clock.set(to: 1_550)
        #expect(harness.recorder.trace == ["a:QUEUING@450", "a:IN_PROGRESS@550", "a:READY@1550"])
    }

    @Test func earlyReleaseWaitsForThePlannedEnd() throws {
        let harness = Harness(slots: 1)
        try self.held(harness)
        harness.clock.set(to: 40)
        #expect(harness.scheduler.release(id: "a"))
        #expect(harness.state("a") == ProfileState(status: .validating, message: nil, since: 0))
        #expect(harness.timer.deadline == 100)
        harness.clock.set(to: 99)
        #expect(harness.status("a") == .validating)
        harness.clock.set(to: 100)
        #expect(harness.state("a") == ProfileState(status: .queuing, message: nil, since: 100))
    }

    @Test func failedReleaseEndsInErrorWithTheMessage() throws {
        let harness = Harness(slots: 1)
        try self.held(harness, "early")
        try self.held(harness, "late")
        harness.clock.set(to: 30)
        #expect(harness.scheduler.release(id: "early", failure: "Could not download https://x/1.jpg: HTTP 404"))
        #expect(harness.status("early") == .validating)
        harness.clock.set(to: 700)
        #expect(
            harness.scheduler.release(
                id: "late", failure: "https://x/2.png is not a JPEG, PNG, WebP or HEIC/HEIF image"))
        #expect(
            harness.state("early")
                == ProfileState(status: .error, message: "Could not download https://x/1.jpg: HTTP 404", since: 100))
        #expect(
            harness.state("late")
                == ProfileState(
                    status: .error, message: "https://x/2.png is not a JPEG, PNG, WebP or HEIC/HEIF image", since: 700))
        #expect(harness.recorder.trace == ["early:ERROR@100", "late:ERROR@700"])
        #expect(harness.scheduler.snapshot().counts[.error] == 2)
    }

    @Test func releaseFailureReplacesAPlannedTrainingFailure() throws {
        let harness = Harness(slots: 1)
        let planned = PlannedFailure(phase: .training, message: "Training failed")
        try self.held(harness, plan: .make(100, 100, 1000, fail: planned))
        harness.clock.set(to: 200)
        harness.scheduler.release(id: "a", failure: "Could not download https://x/1.jpg: timed out after 10 s")
        #expect(
            harness.state("a")
                == ProfileState(
                    status: .error, message: "Could not download https://x/1.jpg: timed out after 10 s", since: 200))
    }

    @Test func cleanReleaseKeepsAPlannedFailure() throws {
        let harness = Harness(slots: 1)
        let planned = PlannedFailure(phase: .training, message: "Training failed")
        try self.held(harness, plan: .make(100, 100, 1000, fail: planned))
        harness.scheduler.release(id: "a")
        harness.clock.set(to: 1_200)
        #expect(harness.recorder.trace == ["a:QUEUING@100", "a:IN_PROGRESS@200", "a:ERROR@1200"])
        #expect(harness.state("a")?.message == "Training failed")
    }

    @Test func releaseRefusesUnknownUnheldRemovedAndReleasedProfiles() throws {
        let harness = Harness(slots: 1)
        try harness.submit("plain", plan: .make(100, 100, 1000))
        try self.held(harness, "twice")
        try self.held(harness, "removed")
        try self.held(harness, "forced")
        #expect(!harness.scheduler.release(id: "nope"))
        #expect(!harness.scheduler.release(id: "plain"))
        #expect(harness.scheduler.release(id: "twice"))
        #expect(!harness.scheduler.release(id: "twice", failure: "late"))
        harness.scheduler.remove(id: "removed")
        #expect(!harness.scheduler.release(id: "removed"))
        try harness.scheduler.force(id: "forced", status: .inactive)
        #expect(!harness.scheduler.isHeld(id: "forced"))
        #expect(!harness.scheduler.release(id: "forced"))
        harness.clock.set(to: 100)
        #expect(harness.status("twice") == .queuing)
        #expect(harness.status("forced") == .inactive)
    }

    @Test func heldProfileDoesNotDelayOthersOfItsAccount() throws {
        let harness = Harness(slots: 1)
        try self.held(harness, "slow")
        try harness.submit("quick", plan: .make(100, 100, 1000))
        #expect(harness.timer.deadline == 100)
        harness.clock.set(to: 1_200)
        #expect(harness.status("quick") == .ready)
        #expect(harness.status("slow") == .validating)
        harness.scheduler.release(id: "slow")
        harness.clock.set(to: 2_300)
        #expect(
            harness.recorder.trace == [
                "quick:QUEUING@100", "quick:IN_PROGRESS@200", "quick:READY@1200",
                "slow:QUEUING@1200", "slow:IN_PROGRESS@1300", "slow:READY@2300",
            ])
    }

    @Test func releaseHonoursTheAccountClockOffset() throws {
        let harness = Harness(slots: 1)
        try self.held(harness)
        harness.clock.advance(account: "key-a", by: 60)
        harness.scheduler.release(id: "a")
        #expect(harness.timer.deadline == 40)
        harness.clock.advance(account: "key-a", by: 40)
        #expect(harness.state("a") == ProfileState(status: .queuing, message: nil, since: 100))
    }
}

extension HoldTests {
    @Test func restoredHeldJobWaitsForReleaseThenEndsAtTheLaterTime() throws {
        let harness = Harness(slots: 1)
        let validating = Job(
            id: "v", apiKey: "key-a", tier: .fast, seq: 1, status: .validating, statusSince: 0,
            plan: .make(100, 100, 1000))
        let other = Job(
            id: "w", apiKey: "key-a", tier: .fast, seq: 2, status: .validating, statusSince: 0,
            plan: .make(100, 100, 1000))
        harness.clock.set(to: 5_000)
        try harness.scheduler.restore([validating, other], held: ["v"])
        #expect(harness.scheduler.isHeld(id: "v"))
        #expect(harness.status("v") == .validating)
        #expect(harness.recorder.trace == ["w:QUEUING@100", "w:IN_PROGRESS@200", "w:READY@1200"])
        harness.clock.set(to: 6_000)
        #expect(harness.scheduler.release(id: "v", failure: "Could not download https://x/1.jpg: HTTP 500"))
        #expect(
            harness.state("v")
                == ProfileState(status: .error, message: "Could not download https://x/1.jpg: HTTP 500", since: 6_000))
    }
}
