// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Synchronization

/// Collects every batch the scheduler emits.
final class TransitionRecorder: Sendable {
    private let batches = Mutex<[[Transition]]>([])

    var all: [Transition] { self.batches.withLock { $0.flatMap { $0 } } }
    var batchCount: Int { self.batches.withLock { $0.count } }

    func record(_ batch: [Transition]) {
        self.batches.withLock { $0.append(batch) }
    }

    func clear() {
        self.batches.withLock { $0.removeAll() }
    }

    /// Transitions as compact `id:STATUS@time` strings, in emission order.
    var trace: [String] {
        self.all.map { "\($0.profileID):\($0.status.rawValue)@\($0.at)" }
    }
}

/// A scheduler on a manual clock at 0 with a manual timer.
struct Harness {
    let clock: SimulatedClock
    let timer = ManualSchedulerTimer()
    let recorder = TransitionRecorder()
    let scheduler: Scheduler

    init(settings: SchedulerSettings = SchedulerSettings(), clock: SimulatedClock = .manual(at: 0)) {
        self.clock = clock
        let recorder = self.recorder
        self.scheduler = Scheduler(settings: settings, clock: clock, timer: self.timer) { recorder.record($0) }
    }

    init(slots: Int, timings: Timings = .default, clock: SimulatedClock = .manual(at: 0)) {
        self.init(settings: SchedulerSettings(timings: timings, fastSlots: slots, standardSlots: slots), clock: clock)
    }

    @discardableResult
    func submit(_ id: String, key: String = "key-a", tier: TrainingTier = .fast, plan: Plan? = nil) throws -> Job {
        let plan = plan ?? self.scheduler.plan(apiKey: key, tier: tier, tag: nil, imageURLs: Self.goodURLs)
        return try self.scheduler.submit(id: id, apiKey: key, tier: tier, plan: plan)
    }

    func status(_ id: String) -> ProfileStatus? {
        self.scheduler.status(id: id)?.status
    }

    func state(_ id: String) -> ProfileState? {
        self.scheduler.status(id: id)
    }

    static let goodURLs = (1...5).map { "https://img.example.com/u/\($0).jpg" }
}

extension Plan {
    static func make(_ validating: Int64, _ queuing: Int64, _ training: Int64, fail: PlannedFailure? = nil) -> Plan {
        Plan(validatingMs: validating, queuingMinMs: queuing, trainingMs: training, failure: fail)
    }
}
