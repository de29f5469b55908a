// SPDX-License-Identifier: Apache-2.0

extension Scheduler {
    /// Ends the validation of a profile submitted with `held: true`, with or without a failure.
    ///
    /// The end of `VALIDATING` is applied at the later of its planned end and now (the account's
    /// simulated time), so a profile always validates for at least its planned time and never ends
    /// before the work it was held for. A failure turns it into `ERROR` with `failure` as the message,
    /// replacing whatever failure was planned; without one the plan goes on (including a planned failure).
    ///
    /// ```swift
    /// try scheduler.submit(id: "p1", apiKey: "k", tier: .fast, plan: plan, held: true)
    /// // …the downloads finish…
    /// scheduler.release(id: "p1", failure: "Could not download https://…: HTTP 404")
    /// ```
    /// - Parameters:
    ///   - id: the profile.
    ///   - failure: the `ERROR` message, or nil when validation passed.
    /// - Returns: false when the profile is not in memory, not held, or no longer validating (removed,
    ///   forced or already released).
    @discardableResult
    public func release(id: String, failure: String? = nil) -> Bool {
        self.mutate { state in
            guard let slot = state.slotByID[id] else { return false }
            let account = state.jobs[slot]!.account
            let now = self.clock.now(account: state.accounts[account].apiKey)
            guard state.release(slot, failure: failure, at: now) else { return false }
            state.runAccount(account, clock: self.clock)
            return true
        }
    }

    /// True while the profile is held in `VALIDATING`, waiting for ``release(id:failure:)``.
    public func isHeld(id: String) -> Bool {
        self.state.withLock { state in
            state.slotByID[id].map { state.jobs[$0]!.held && state.jobs[$0]!.phase == .validating } ?? false
        }
    }
}

extension SchedulerState {
    /// Schedules the end of a held job's validation at `max(planned end, now)`.
    /// - Returns: false when the job is not held in `VALIDATING`.
    mutating func release(_ slot: Int, failure: String?, at now: Int64) -> Bool {
        guard let record = self.jobs[slot], record.held, record.phase == .validating else { return false }
        self.jobs[slot]!.held = false
        if let failure {
            self.jobs[slot]!.job.plan.failure = PlannedFailure(phase: .validating, message: failure)
        }
        self.schedule(slot, at: max(record.job.statusSince &+ record.job.plan.validatingMs, now))
        return true
    }
}
