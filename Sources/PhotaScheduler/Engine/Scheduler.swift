// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// The simulated training service: moves profiles through `VALIDATING → QUEUING → IN_PROGRESS → READY`
/// (or `ERROR`) on one injected clock, with a limited number of training slots per account and tier.
///
/// Pure: no I/O. Every status change is handed, in order, to the `sink` given at init, which the app
/// stores. Final jobs stay in memory (so a status read never sees storage lag) until ``evict(ids:)``.
/// All work runs when due through one timer armed at the earliest deadline, or sooner when a read,
/// a clock change or an API call needs it; nothing polls.
///
/// ```swift
/// let clock = SimulatedClock.manual(at: 0)
/// let scheduler = Scheduler(settings: SchedulerSettings(), clock: clock, timer: ManualSchedulerTimer()) { batch in
///     store(batch)
/// }
/// let plan = scheduler.plan(apiKey: "k", tier: .fast, tag: nil, imageURLs: urls)
/// try scheduler.submit(id: "p1", apiKey: "k", tier: .fast, plan: plan)
/// clock.advance(by: 2_500)
/// scheduler.status(id: "p1")?.status  // .ready
/// ```
public final class Scheduler: Sendable {
    /// The settings the scheduler runs with.
    public let settings: SchedulerSettings
    /// The clock every time comes from.
    public let clock: SimulatedClock
    private let timer: any SchedulerTimer
    private let sink: @Sendable ([Transition]) -> Void
    let state: Mutex<SchedulerState>

    /// - Parameters:
    ///   - settings: durations, slots, failures and seed.
    ///   - clock: the simulated clock; the scheduler observes its changes.
    ///   - timer: the single timer (``DispatchSchedulerTimer`` in production, ``ManualSchedulerTimer`` in tests).
    ///   - sink: receives each batch of transitions, in order. It may call back into the scheduler.
    public init(
        settings: SchedulerSettings, clock: SimulatedClock, timer: any SchedulerTimer,
        sink: @escaping @Sendable ([Transition]) -> Void
    ) {
        self.settings = settings
        self.clock = clock
        self.timer = timer
        self.sink = sink
        self.state = Mutex(SchedulerState(settings: settings))
        timer.setHandler { [weak self] in self?.applyDue(rearm: true) }
        clock.observe { [weak self] change in self?.clockChanged(change) }
    }

    /// Decides a new profile's timeline and failure, reproducibly under the settings' seed.
    /// - Parameters:
    ///   - apiKey: the account, matched by failure rules.
    ///   - tier: selects the durations.
    ///   - tag: the profile's tag, matched by failure rules.
    ///   - imageURLs: checked for formats and trigger words.
    public func plan(apiKey: String, tier: TrainingTier, tag: String?, imageURLs: [String]) -> Plan {
        // The URL checks are string work that needs no state: done before locking, they do not
        // hold up the timer's thread or other requests.
        let urlFailure = SchedulerState.failure(imageURLs: imageURLs)
        return self.state.withLock { $0.plan(apiKey: apiKey, tier: tier, tag: tag, urlFailure: urlFailure) }
    }

    /// Starts a profile in `VALIDATING` at the account's now. Not emitted to the sink: the caller stores
    /// the returned job as the new profile.
    /// - Parameters:
    ///   - startedAt: when it entered `VALIDATING` (the account's now by default).
    ///   - held: keep the profile in `VALIDATING` past its planned end until ``release(id:failure:)``
    ///     (while the images are really downloaded, for example).
    /// - Returns: the job, with its creation sequence and start time.
    /// - Throws: ``SchedulerError`` when the id is already in memory.
    @discardableResult
    public func submit(
        id: String, apiKey: String, tier: TrainingTier, plan: Plan, held: Bool = false, startedAt: Int64? = nil
    ) throws -> Job {
        try self.mutate { state in
            guard state.slotByID[id] == nil else { throw SchedulerError.duplicateID(id) }
            // `startedAt` lets the caller use the same instant it stored as the profile's creation time.
            let job = Job(
                id: id, apiKey: apiKey, tier: tier, seq: state.nextSeq, status: .validating,
                statusSince: startedAt ?? self.clock.now(account: apiKey), plan: plan
            )
            let slot = state.insert(job, held: held)
            state.refreshGlobal(state.jobs[slot]!.account, offset: self.clock.offset(account: apiKey))
            return job
        }
    }

    /// Reloads stored jobs after a restart and catches up: transitions that fell due while down are applied
    /// in due order with their due timestamps, slots are re-filled in FIFO order, and all are emitted.
    /// - Parameters:
    ///   - held: ids of `VALIDATING` jobs to hold until ``release(id:failure:)``, as `submit(…, held: true)`.
    /// - Throws: ``SchedulerError`` when an id is already in memory (nothing is restored then).
    public func restore(_ jobs: [Job], held: Set<String> = []) throws {
        try self.mutate { state in
            var seen = Set<String>()
            for job in jobs where state.slotByID[job.id] != nil || !seen.insert(job.id).inserted {
                throw SchedulerError.duplicateID(job.id)
            }
            var touched = Set<Int>()
            for job in jobs.sorted(by: { $0.seq < $1.seq }) {
                touched.insert(state.jobs[state.insert(job, held: held.contains(job.id))]!.account)
            }
            for account in touched.sorted() {
                state.runAccount(account, clock: self.clock)
            }
        }
    }

    /// The profile's status, message and start time, after every transition due at this instant.
    /// - Returns: nil for an unknown, removed or evicted profile.
    public func status(id: String) -> ProfileState? {
        self.job(id: id).map { ProfileState(status: $0.status, message: $0.message, since: $0.statusSince) }
    }

    /// The whole job, after every transition due at this instant; nil when not in memory.
    public func job(id: String) -> Job? {
        self.mutate { state in
            guard let slot = state.slotByID[id] else { return nil }
            let account = state.jobs[slot]!.account
            if let first = state.accounts[account].events.min,
                first.due <= self.clock.now(account: state.accounts[account].apiKey)
            {
                state.runAccount(account, clock: self.clock)
            }
            return state.jobs[slot]!.job
        }
    }

    /// Sets a final status now, as an operator or a test would: the slot is freed, the next profile starts.
    /// - Parameters:
    ///   - id: the profile.
    ///   - status: `READY`, `ERROR` or `INACTIVE`.
    ///   - message: the message to report, or nil.
    /// - Returns: false when the profile is not in memory.
    /// - Throws: ``SchedulerError`` for a non-final status.
    @discardableResult
    public func force(id: String, status: ProfileStatus, message: String? = nil) throws -> Bool {
        guard status.isFinal else { throw SchedulerError.notFinal(status) }
        return self.mutate { state in
            guard let slot = state.slotByID[id] else { return false }
            let account = state.jobs[slot]!.account
            state.runAccount(account, clock: self.clock)
            let now = self.clock.now(account: state.accounts[account].apiKey)
            state.finish(slot, status, at: now, message: message)
            state.fill(account, at: now)
            state.refreshGlobal(account, offset: self.clock.offset(account: state.accounts[account].apiKey))
            return true
        }
    }

    /// Forgets a deleted profile, freeing its slot for the next in queue. Nothing is emitted for it.
    /// - Returns: false when the profile is not in memory.
    @discardableResult
    public func remove(id: String) -> Bool {
        self.mutate { state in
            guard let slot = state.slotByID[id] else { return false }
            let account = state.jobs[slot]!.account
            state.runAccount(account, clock: self.clock)
            state.delete(slot)
            state.fill(account, at: self.clock.now(account: state.accounts[account].apiKey))
            state.refreshGlobal(account, offset: self.clock.offset(account: state.accounts[account].apiKey))
            return true
        }
    }

    /// Forgets every profile of one account (or of all accounts, for nil), as a reset does; nothing is
    /// emitted for them.
    /// - Returns: how many were forgotten.
    @discardableResult
    public func removeAll(apiKey: String?) -> Int {
        self.mutate { state in
            let ids = state.slotByID.compactMap { id, slot -> String? in
                apiKey == nil || state.jobs[slot]!.job.apiKey == apiKey ? id : nil
            }
            for id in ids {
                guard let slot = state.slotByID[id] else { continue }
                let account = state.jobs[slot]!.account
                state.delete(slot)
                state.refreshGlobal(account, offset: self.clock.offset(account: state.accounts[account].apiKey))
            }
            return ids.count
        }
    }

    /// Drops final jobs from memory once the app has stored them; non-final ids are ignored.
    public func evict(ids: some Sequence<String>) {
        self.state.withLock { state in
            for id in ids {
                guard let slot = state.slotByID[id], state.jobs[slot]!.phase == .final else { continue }
                state.delete(slot)
            }
        }
    }

    /// Counters for metrics, after applying every due transition.
    public func snapshot() -> SchedulerSnapshot {
        self.mutate { state in
            state.runAll(clock: self.clock)
            var counts = Dictionary(uniqueKeysWithValues: ProfileStatus.allCases.map { ($0, 0) })
            var accounts: [String: AccountLoad] = [:]
            for account in state.accounts {
                for status in ProfileStatus.allCases { counts[status]! += account.counts[status.index] }
                accounts[account.apiKey] = AccountLoad(
                    queuing: account.counts[ProfileStatus.queuing.index],
                    waitingForSlot: account.waiting.reduce(0, +),
                    inProgress: Dictionary(
                        uniqueKeysWithValues: TrainingTier.allCases.map { ($0, account.running[$0.index]) })
                )
            }
            return SchedulerSnapshot(counts: counts, accounts: accounts, nextDeadline: state.earliestDeadline())
        }
    }

    /// Applies every transition due now in every account; the timer and clock changes call this.
    public func applyDue() {
        self.applyDue(rearm: false)
    }

    private func applyDue(rearm force: Bool) {
        self.mutate(forceRearm: force) { state in state.runAll(clock: self.clock) }
    }

    private func clockChanged(_ change: ClockChange) {
        switch change {
        case .global:
            // Speed or freezing may have changed how far away the same deadline is: always re-arm.
            self.applyDue(rearm: true)
        case .account(let apiKey):
            self.mutate { state in
                guard let account = state.accountByKey[apiKey] else { return }
                state.accounts[account].scheduledGlobalDue = nil
                state.runAccount(account, clock: self.clock)
            }
        }
    }

    /// Runs `body` under the lock, re-arms the timer if the earliest deadline moved, then hands the
    /// transitions produced to the sink outside the lock, in order even across threads.
    func mutate<T: Sendable>(forceRearm: Bool = false, _ body: (inout SchedulerState) throws -> T) rethrows -> T {
        let (result, deliver) = try self.state.withLock { state -> (T, Bool) in
            let result = try body(&state)
            let deadline = state.earliestDeadline()
            if forceRearm || deadline != state.armed {
                state.armed = deadline
                if let deadline { self.timer.arm(at: deadline) } else { self.timer.disarm() }
            }
            guard !state.outbox.isEmpty, !state.delivering else { return (result, false) }
            state.delivering = true
            return (result, true)
        }
        if deliver { self.deliver() }
        return result
    }

    /// Only one thread delivers at a time; batches queued meanwhile are picked up by that thread.
    private func deliver() {
        while true {
            let batch = self.state.withLock { state -> [Transition]? in
                guard !state.outbox.isEmpty else {
                    state.delivering = false
                    return nil
                }
                defer { state.outbox.removeAll(keepingCapacity: true) }
                return state.outbox
            }
            guard let batch else { return }
            self.sink(batch)
        }
    }
}
