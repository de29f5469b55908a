// SPDX-License-Identifier: Apache-2.0
import Dispatch
import PhotaScheduler
import Synchronization
import Testing

@Suite struct ScaleTests {
    /// 100 accounts × 1,000 fast profiles, 10 slots each: 100 training rounds per account.
    @Test func hundredThousandProfilesAllBecomeReadyInSlotOrder() throws {
        let accounts = 100
        let perAccount = 1000
        let slots = 10
        let counter = Counter()
        let clock = SimulatedClock.manual(at: 0)
        let timer = ManualSchedulerTimer()
        let scheduler = Scheduler(
            settings: SchedulerSettings(fastSlots: slots), clock: clock, timer: timer
        ) { counter.add($0) }
        let plan = Plan.make(500, 500, 1500)
        for index in 0..<(accounts * perAccount) {
            try scheduler.submit(id: "p\(index)", apiKey: "key-\(index % accounts)", tier: .fast, plan: plan)
        }
        #expect(timer.deadline == 500)
        clock.advance(by: 1000 + Int64(perAccount / slots) * 1500)
        let snapshot = scheduler.snapshot()
        #expect(snapshot.counts[.ready] == accounts * perAccount)
        #expect(snapshot.nextDeadline == nil)
        #expect(counter.count == 3 * accounts * perAccount)
        #expect(counter.outOfOrder == 0)
        // Within an account, the k-th profile trains in round k / slots.
        for index in stride(from: 0, to: accounts * perAccount, by: 997) {
            let round = Int64(index / accounts / slots)
            #expect(
                scheduler.status(id: "p\(index)")
                    == ProfileState(status: .ready, message: nil, since: 1000 + (round + 1) * 1500))
        }
        scheduler.evict(ids: (0..<(accounts * perAccount)).map { "p\($0)" })
        #expect(scheduler.snapshot().counts[.ready] == 0)
    }

    @Test func concurrentReadersSeeConsistentStatuses() throws {
        let harness = Harness(slots: 4)
        for index in 0..<1000 { try harness.submit("p\(index)", key: "key-\(index % 8)") }
        let bad = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for step in 0..<50 {
                if worker == 0 { harness.clock.advance(by: 100) }
                let state = harness.scheduler.status(id: "p\((worker * 131 + step * 17) % 1000)")
                if state == nil { bad.withLock { $0 += 1 } }
            }
        }
        harness.clock.advance(by: 1_000_000)
        #expect(bad.withLock { $0 } == 0)
        #expect(harness.scheduler.snapshot().counts[.ready] == 1000)
        // Every profile's transitions arrive in lifecycle order even with many threads applying work.
        var last: [String: ProfileStatus] = [:]
        var disorder = 0
        for transition in harness.recorder.all {
            let order: [ProfileStatus] = [.validating, .queuing, .inProgress, .ready]
            let previous = last[transition.profileID] ?? .validating
            if order.firstIndex(of: transition.status)! != order.firstIndex(of: previous)! + 1 { disorder += 1 }
            last[transition.profileID] = transition.status
        }
        #expect(disorder == 0)
        #expect(harness.recorder.all.count == 3000)
    }

    @Test func dispatchTimerDrivesARealClockWithoutReads() throws {
        let clock = SimulatedClock.real(scale: 1000)
        let done = DispatchSemaphore(value: 0)
        let recorder = TransitionRecorder()
        let scheduler = Scheduler(
            settings: SchedulerSettings(timings: .default), clock: clock, timer: DispatchSchedulerTimer(clock: clock)
        ) { batch in
            recorder.record(batch)
            if batch.contains(where: { $0.status == .ready }) { done.signal() }
        }
        let job = try scheduler.submit(id: "live", apiKey: "k", tier: .fast, plan: .make(500, 500, 1500))
        // A bounded wait: at scale 1000 the profile is due after 2.5 ms of wall time.
        let result = done.wait(timeout: .now() + .seconds(10))
        #expect(result == .success, "the timer never delivered READY")
        #expect(recorder.all.map(\.status) == [.queuing, .inProgress, .ready])
        let times = recorder.all.map(\.at)
        let start = job.statusSince
        #expect(times == [start + 500, start + 1000, start + 2500])
        #expect(scheduler.status(id: "live") == ProfileState(status: .ready, message: nil, since: start + 2500))
    }
}

/// Counts transitions and checks each profile's statuses arrive in lifecycle order.
final class Counter: Sendable {
    private struct State {
        var count = 0
        var outOfOrder = 0
        var last: [String: ProfileStatus] = [:]
    }

    private let state = Mutex(State())

    var count: Int { self.state.withLock { $0.count } }
    var outOfOrder: Int { self.state.withLock { $0.outOfOrder } }

    func add(_ batch: [Transition]) {
        self.state.withLock { state in
            for transition in batch {
                state.count += 1
                let expected: ProfileStatus =
                    switch state.last[transition.profileID] {
                    case nil: .queuing
                    case .queuing: .inProgress
                    default: .ready
                    }
                if transition.status != expected { state.outOfOrder += 1 }
                state.last[transition.profileID] = transition.status
            }
        }
    }
}
