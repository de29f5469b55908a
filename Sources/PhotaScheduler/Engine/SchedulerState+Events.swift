// SPDX-License-Identifier: Apache-2.0

extension SchedulerState {
    func isCurrent(slot: Int, token: UInt64) -> Bool {
        self.jobs[slot]?.token == token
    }

    /// Applies, in due order, every event of `account` due at or before `now`, then fills free slots.
    ///
    /// Events sharing a due time are applied together before slots are filled, so a slot freed at `t`
    /// goes to the lowest sequence among every profile eligible at `t`, whatever the event order.
    mutating func run(_ account: Int, until now: Int64) {
        while true {
            self.dropStaleEvents(account)
            guard let first = self.accounts[account].events.min, first.due <= now else { return }
            let time = first.due
            var batch: [Event] = []
            while let event = self.accounts[account].events.min, event.due == time {
                self.accounts[account].events.pop()
                if self.isCurrent(slot: event.slot, token: event.token) { batch.append(event) }
            }
            for event in batch where self.isCurrent(slot: event.slot, token: event.token) {
                self.apply(event.slot, at: time)
            }
            self.fill(account, at: time)
        }
    }

    /// Ends the job's current phase at `time`.
    private mutating func apply(_ slot: Int, at time: Int64) {
        let record = self.jobs[slot]!
        let failure = record.job.plan.failure
        switch record.phase {
        case .validating:
            if let failure, failure.phase == .validating {
                self.finish(slot, .error, at: time, message: failure.message)
            } else {
                self.setStatus(slot, .queuing, at: time, message: nil)
                self.jobs[slot]!.phase = .waiting
                self.schedule(slot, after: record.job.plan.queuingMinMs)
            }
        case .waiting:
            if let failure, failure.phase == .queuing {
                self.finish(slot, .error, at: time, message: failure.message)
            } else {
                let token = self.freshToken()
                self.jobs[slot]!.token = token
                self.jobs[slot]!.phase = .eligible
                let tier = record.job.tier.index
                self.accounts[record.account].waiting[tier] += 1
                self.accounts[record.account].waiters[tier].push(Waiter(seq: record.job.seq, slot: slot, token: token))
            }
        case .training:
            if let failure, failure.phase == .training {
                self.finish(slot, .error, at: time, message: failure.message)
            } else {
                self.finish(slot, .ready, at: time, message: nil)
            }
        case .eligible, .final:
            break
        }
    }

    /// Moves a job to a final status, releasing whatever it held.
    mutating func finish(_ slot: Int, _ status: ProfileStatus, at time: Int64, message: String?) {
        self.detach(slot)
        self.setStatus(slot, status, at: time, message: message)
    }

    /// Starts the lowest-sequence eligible profiles of each tier while slots are free.
    mutating func fill(_ account: Int, at time: Int64) {
        for tier in TrainingTier.allCases {
            let index = tier.index
            let capacity = self.settings.slots(tier)
            while self.accounts[account].running[index] < capacity,
                let waiter = self.accounts[account].waiters[index].pop()
            {
                guard self.isCurrent(slot: waiter.slot, token: waiter.token) else { continue }
                self.accounts[account].waiting[index] -= 1
                self.accounts[account].running[index] += 1
                self.jobs[waiter.slot]!.phase = .training
                self.setStatus(waiter.slot, .inProgress, at: time, message: nil)
                self.schedule(waiter.slot, after: self.jobs[waiter.slot]!.job.plan.trainingMs)
            }
        }
    }

    private mutating func dropStaleEvents(_ account: Int) {
        while let event = self.accounts[account].events.min, !self.isCurrent(slot: event.slot, token: event.token) {
            self.accounts[account].events.pop()
        }
    }

    /// Re-enters `account` in the global heap at its earliest deadline translated to global time.
    mutating func refreshGlobal(_ account: Int, offset: Int64) {
        self.dropStaleEvents(account)
        guard let first = self.accounts[account].events.min else {
            self.accounts[account].scheduledGlobalDue = nil
            return
        }
        let due = first.due &- offset
        guard self.accounts[account].scheduledGlobalDue != due else { return }
        self.accounts[account].scheduledGlobalDue = due
        self.global.push(GlobalEntry(due: due, account: account))
    }

    /// The earliest global deadline, after skipping entries that no longer match their account.
    mutating func earliestDeadline() -> Int64? {
        while let entry = self.global.min {
            if self.accounts[entry.account].scheduledGlobalDue == entry.due { return entry.due }
            self.global.pop()
        }
        return nil
    }

    /// Brings every account whose earliest deadline has passed up to date.
    mutating func runAll(clock: SimulatedClock) {
        let now = clock.now()
        while let due = self.earliestDeadline(), due <= now {
            let entry = self.global.pop()!
            self.accounts[entry.account].scheduledGlobalDue = nil
            self.runAccount(entry.account, clock: clock)
        }
    }

    /// Brings one account up to its own now and re-files it in the global heap.
    mutating func runAccount(_ account: Int, clock: SimulatedClock) {
        let apiKey = self.accounts[account].apiKey
        let offset = clock.offset(account: apiKey)
        self.run(account, until: clock.now() &+ offset)
        self.refreshGlobal(account, offset: offset)
    }
}
