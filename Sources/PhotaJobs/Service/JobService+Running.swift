// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaHTTP
import PhotaStorage
import PhotaStudio

extension JobService {
    /// Takes a stored job into its account's queue and starts what the free slots allow.
    func enqueue(_ job: JobRecord) {
        self.withRunner { runner in
            runner.active[job.id] = job
            runner.queues[job.apiKey, default: []].append(job.id)
        }
        self.startQueued(apiKey: job.apiKey, at: job.createdAt)
    }

    /// Moves queued jobs of `apiKey` into free slots, each starting at `time` (the instant a slot freed, on the
    /// account's clock), and sets the alarm at its end.
    func startQueued(apiKey: String, at time: Int64) {
        let started = self.withRunner { runner -> [JobRecord] in
            var started: [JobRecord] = []
            while runner.running[apiKey, default: 0] < self.settings.slotsPerAccount,
                let id = runner.queues[apiKey]?.first
            {
                runner.queues[apiKey]?.removeFirst()
                guard var job = runner.active[id], JobStatus(rawValue: job.status)?.canMove(to: .running) == true
                else { continue }
                job.status = JobStatus.running.rawValue
                job.startedAt = max(time, job.createdAt)
                runner.active[id] = job
                runner.running[apiKey, default: 0] += 1
                started.append(job)
            }
            return started
        }
        for job in started {
            self.storage.write({ db in try JobRepository(db).update(job) }) { [logger] result in
                if case .failure(let error) = result {
                    logger.error("job start record failed", metadata: ["error": "\(error)"])
                }
            }
            self.scheduleEnd(job)
        }
    }

    /// The alarm at the end of a running job's processing time (at most the budget).
    func scheduleEnd(_ job: JobRecord) {
        let end = (job.startedAt ?? job.createdAt) &+ min(job.processingMs, self.settings.budgetMs)
        self.alarms.schedule(account: job.apiKey, at: end) { [self] in self.end(job.id, at: end) }
    }

    /// A job's processing time is over: its slot frees at `end`, and its outcome is decided now — in memory at
    /// once, so a poll right after the clock moved sees it — and stored in one transaction with its output, its
    /// refund and its callback.
    private func end(_ id: String, at end: Int64) {
        guard let job = self.withRunner({ $0.active[id] }), job.status == JobStatus.running.rawValue else { return }
        self.withRunner { $0.running[job.apiKey, default: 1] -= 1 }
        self.startQueued(apiKey: job.apiKey, at: end)
        var final = job
        final.finishedAt = end
        var output: StudioOutputRecord?
        if job.processingMs > self.settings.budgetMs {
            let seconds = self.settings.budgetMs / 1000
            final.failed(
                with: APIError(
                    status: HTTPStatus(504),
                    detail: "The job did not finish within \(seconds) seconds; its charge was refunded."))
        } else if job.trigger == StudioTrigger.renderFailure.rawValue {
            final.failed(with: APIError(status: .internalServerError, detail: "Image generation failed."))
        } else if let spec = RenderSpec(storedJSON: job.spec) {
            let record = self.studio.newOutputRecord(spec: spec, apiKey: job.apiKey, id: job.id)
            final.status = JobStatus.succeeded.rawValue
            final.outputID = record.id
            output = record
        } else {
            final.failed(with: .internalError)
        }
        self.settle(final, output: output)
    }

    /// Stores a final state with everything that goes with it (the output of a success, the refund of a failure,
    /// the callback); once committed, storage answers polls for the job and the callback's first attempt goes out.
    private func settle(_ job: JobRecord, output: StudioOutputRecord?) {
        let known = self.withRunner { runner -> Bool in
            guard let current = runner.active[job.id], let next = JobStatus(rawValue: job.status),
                JobStatus(rawValue: current.status)?.canMove(to: next) == true
            else { return false }
            runner.active[job.id] = job
            if let output { runner.expiries[job.id] = output.expiresAt }
            return true
        }
        // A reset dropped the job meanwhile (or it settled already): nothing to store or announce.
        guard known else { return }
        if let output { self.studio.holdPending(output) }
        let delivery = self.deliveries.record(for: job, jobJSON: self.json(job))
        let refund = job.status == JobStatus.failed.rawValue && job.charged
        self.storage.write({ db in
            if let output { try StudioOutputRepository(db).insert(output) }
            if refund { try AccountRepository(db).refund(apiKey: job.apiKey, costMicros: job.costMicros) }
            try JobRepository(db).update(job)
            if let delivery { try DeliveryRepository(db).insert(delivery) }
        }) { [self] result in
            self.withRunner { runner in
                runner.active.removeValue(forKey: job.id)
                runner.expiries.removeValue(forKey: job.id)
            }
            if let output { self.studio.releasePending(output.id) }
            switch result {
            case .success: if let delivery { self.deliveries.start(delivery) }
            case .failure(let error): self.logger.error("job finish record failed", metadata: ["error": "\(error)"])
            }
        }
    }

    // MARK: Restart and reset

    /// Resumes the stored unfinished jobs and pending callbacks by the clock, as if the server had kept running:
    /// running jobs end at their planned time (at once if it passed), queued ones start as slots free.
    public func restore() throws {
        let jobs = try self.storage.read { db in try JobRepository(db).active() }
        let running = jobs.filter { $0.status == JobStatus.running.rawValue }
        self.withRunner { runner in
            for job in jobs {
                runner.active[job.id] = job
                if job.status == JobStatus.queued.rawValue {
                    runner.queues[job.apiKey, default: []].append(job.id)
                } else {
                    runner.running[job.apiKey, default: 0] += 1
                }
            }
        }
        for job in running { self.scheduleEnd(job) }
        var accounts: [String: Int64] = [:]
        for job in jobs where job.status == JobStatus.queued.rawValue && accounts[job.apiKey] == nil {
            accounts[job.apiKey] = job.createdAt
        }
        for (apiKey, time) in accounts { self.startQueued(apiKey: apiKey, at: time) }
        try self.deliveries.restore()
        if !jobs.isEmpty {
            self.logger.info("resumed unfinished jobs", metadata: ["count": "\(jobs.count)"])
        }
    }

    /// Forgets the in-memory jobs of `apiKey` (every account's when nil) after a reset deleted them.
    public func forget(apiKey: String?) {
        self.withRunner { runner in
            guard let apiKey else {
                runner = .init()
                return
            }
            runner.active = runner.active.filter { !$0.value.apiKey.hasSameBytes(as: apiKey) }
            runner.queues.removeValue(forKey: apiKey)
            runner.running.removeValue(forKey: apiKey)
            runner.expiries = runner.expiries.filter { runner.active[$0.key] != nil }
        }
    }

    /// Jobs queued and running now, over every account (a gauge).
    public var activeCount: Int {
        self.withRunner { $0.active.count }
    }
}

extension JobRecord {
    /// This job as `FAILED` with `error`'s status, code and detail.
    fileprivate mutating func failed(with error: APIError) {
        self.status = JobStatus.failed.rawValue
        self.errorStatus = error.status.code
        self.errorCode = error.code
        self.errorDetail = error.detail
    }
}
