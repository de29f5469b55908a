// SPDX-License-Identifier: Apache-2.0

/// The scheduler's whole mutable state, kept behind the ``Scheduler``'s one lock. No I/O happens here.
///
/// Jobs live in a slab (`jobs`, indexed by a stable slot) so heaps hold small integers. Each account has a
/// min-heap of events ordered by (due, seq) and, per tier, a min-heap by seq of profiles whose minimum queue
/// time has passed. A global min-heap holds one entry per account at its earliest deadline in global time;
/// its top is what the single timer is armed at. Entries left behind by a change are skipped lazily:
/// an event or waiter is valid only while its token equals its job's current token.
struct SchedulerState: Sendable {
    enum Phase {
        case validating
        case waiting
        case eligible
        case training
        case final
    }

    struct Record {
        var job: Job
        var account: Int
        var phase: Phase
        var token: UInt64
        /// In `VALIDATING` with no deadline until ``SchedulerState/release(_:failure:at:)``.
        var held = false
    }

    struct Event: Comparable {
        var due: Int64
        var seq: Int64
        var slot: Int
        var token: UInt64

        static func < (lhs: Event, rhs: Event) -> Bool {
            (lhs.due, lhs.seq) < (rhs.due, rhs.seq)
        }
    }

    struct Waiter: Comparable {
        var seq: Int64
        var slot: Int
        var token: UInt64

        static func < (lhs: Waiter, rhs: Waiter) -> Bool {
            lhs.seq < rhs.seq
        }
    }

    struct Account {
        let apiKey: String
        var events = MinHeap<Event>()
        var waiters = [MinHeap<Waiter>(), MinHeap<Waiter>()]
        var running = [0, 0]
        var waiting = [0, 0]
        var counts = [Int](repeating: 0, count: ProfileStatus.allCases.count)
        var scheduledGlobalDue: Int64?
    }

    struct GlobalEntry: Comparable {
        var due: Int64
        var account: Int

        static func < (lhs: GlobalEntry, rhs: GlobalEntry) -> Bool {
            (lhs.due, lhs.account) < (rhs.due, rhs.account)
        }
    }

    let settings: SchedulerSettings
    var generator: SeededGenerator
    var jobs: [Record?] = []
    var freeSlots: [Int] = []
    var slotByID: [String: Int] = [:]
    var accounts: [Account] = []
    var accountByKey: [String: Int] = [:]
    var global = MinHeap<GlobalEntry>()
    var armed: Int64?
    var nextSeq: Int64 = 1
    var nextToken: UInt64 = 1
    var outbox: [Transition] = []
    var delivering = false

    init(settings: SchedulerSettings) {
        self.settings = settings
        self.generator = SeededGenerator(seed: settings.seed)
    }

    mutating func account(for apiKey: String) -> Int {
        if let index = self.accountByKey[apiKey] { return index }
        self.accounts.append(Account(apiKey: apiKey))
        self.accountByKey[apiKey] = self.accounts.count - 1
        return self.accounts.count - 1
    }

    mutating func freshToken() -> UInt64 {
        defer { self.nextToken &+= 1 }
        return self.nextToken
    }

    /// Adds a job in the phase its status implies and schedules its next event; a `held` job in
    /// `VALIDATING` gets no event until it is released.
    mutating func insert(_ job: Job, held: Bool = false) -> Int {
        let account = self.account(for: job.apiKey)
        let phase: Phase =
            switch job.status {
            case .validating: .validating
            case .queuing: .waiting
            case .inProgress: .training
            case .ready, .error, .inactive: .final
            }
        let record = Record(job: job, account: account, phase: phase, token: 0, held: held && phase == .validating)
        let slot: Int
        if let free = self.freeSlots.popLast() {
            slot = free
            self.jobs[slot] = record
        } else {
            slot = self.jobs.count
            self.jobs.append(record)
        }
        self.slotByID[job.id] = slot
        self.accounts[account].counts[job.status.index] += 1
        self.nextSeq = max(self.nextSeq, job.seq &+ 1)
        switch phase {
        case .validating: if !record.held { self.schedule(slot, after: job.plan.validatingMs) }
        case .waiting: self.schedule(slot, after: job.plan.queuingMinMs)
        case .training:
            self.accounts[account].running[job.tier.index] += 1
            self.schedule(slot, after: job.plan.trainingMs)
        case .eligible, .final: break
        }
        return slot
    }

    /// Pushes the end of the job's current phase, `duration` after its status began.
    mutating func schedule(_ slot: Int, after duration: Int64) {
        self.schedule(slot, at: self.jobs[slot]!.job.statusSince &+ duration)
    }

    /// Pushes the end of the job's current phase at account time `due`.
    mutating func schedule(_ slot: Int, at due: Int64) {
        let token = self.freshToken()
        self.jobs[slot]!.token = token
        let job = self.jobs[slot]!.job
        let event = Event(due: due, seq: job.seq, slot: slot, token: token)
        self.accounts[self.jobs[slot]!.account].events.push(event)
    }

    /// Changes a job's status at `time`, keeping the counters and queueing the transition for the sink.
    mutating func setStatus(_ slot: Int, _ status: ProfileStatus, at time: Int64, message: String?) {
        let record = self.jobs[slot]!
        self.accounts[record.account].counts[record.job.status.index] -= 1
        self.accounts[record.account].counts[status.index] += 1
        self.jobs[slot]!.job.status = status
        self.jobs[slot]!.job.statusSince = time
        self.jobs[slot]!.job.message = message
        self.outbox.append(
            Transition(profileID: record.job.id, apiKey: record.job.apiKey, status: status, at: time, message: message)
        )
    }

    /// Takes a job out of whatever it occupies (slot, wait list, pending event) without a new status.
    mutating func detach(_ slot: Int) {
        let record = self.jobs[slot]!
        switch record.phase {
        case .training: self.accounts[record.account].running[record.job.tier.index] -= 1
        case .eligible: self.accounts[record.account].waiting[record.job.tier.index] -= 1
        case .validating, .waiting, .final: break
        }
        // A new token makes the job's pending event or waiter stale; they are skipped when reached.
        self.jobs[slot]!.token = self.freshToken()
        self.jobs[slot]!.phase = .final
    }

    /// Removes a job from memory entirely.
    mutating func delete(_ slot: Int) {
        self.detach(slot)
        let record = self.jobs[slot]!
        self.accounts[record.account].counts[record.job.status.index] -= 1
        self.slotByID[record.job.id] = nil
        self.jobs[slot] = nil
        self.freeSlots.append(slot)
    }
}
