// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials
import Logging
import PhotaAPIKit
import PhotaHTTP
import PhotaProfiles
import PhotaScheduler
import PhotaStorage
import Synchronization

/// The operations behind `/_mock`: reset, clock, profiles in any state, credits, fixtures, gauges.
/// Admin calls are rare, so they may block the loop briefly on a durable write (`writeSync`).
public final class AdminService: Sendable {
    let storage: Storage
    let scheduler: Scheduler
    let profiles: ProfileService
    public let journal: RequestJournal
    public let faults: FaultInjector
    let logger: Logger
    /// What other rooms forget when an account (nil: every account) is reset, after the database was.
    private let resetHooks = Mutex<[@Sendable (String?) -> Void]>([])

    /// Registers `hook`, called after every reset with the account reset (nil for all).
    public func onReset(_ hook: @escaping @Sendable (String?) -> Void) {
        self.resetHooks.withLock { $0.append(hook) }
    }

    /// What other rooms forget when an account's balance was set, after it was stored.
    let balanceHooks = Mutex<[@Sendable (String) -> Void]>([])

    /// Registers `hook`, called with the account after every balance set (`PUT /_mock/credits`, fixtures).
    public func onBalanceSet(_ hook: @escaping @Sendable (String) -> Void) {
        self.balanceHooks.withLock { $0.append(hook) }
    }

    public init(
        storage: Storage, scheduler: Scheduler, profiles: ProfileService, journal: RequestJournal,
        faults: FaultInjector,
        logger: Logger
    ) {
        self.storage = storage
        self.scheduler = scheduler
        self.profiles = profiles
        self.journal = journal
        self.faults = faults
        self.logger = logger
    }

    // MARK: Reset

    /// Wipes everything, or one account: its profiles, balance, journal entries, fault rules and clock offset.
    public func reset(apiKey: String?) throws(APIError) {
        let apiKey = try Self.accountKey(apiKey)
        try self.writing { db in
            if let apiKey {
                try AccountRepository(db).reset(apiKey: apiKey)
            } else {
                try AccountRepository(db).resetAll()
            }
        }
        self.scheduler.removeAll(apiKey: apiKey)
        self.profiles.forgetFinalStatuses(apiKey: apiKey)
        for hook in self.resetHooks.withLock({ $0 }) { hook(apiKey) }
        if let apiKey {
            self.journal.clear(JournalFilter(apiKey: apiKey))
            self.faults.clear(apiKey: apiKey)
            self.scheduler.clock.advance(account: apiKey, by: -self.scheduler.clock.offset(account: apiKey))
        } else {
            self.journal.clear()
            self.faults.clear()
            self.scheduler.clock.clearOffsets()
        }
    }

    // MARK: Clock

    func clockState(apiKey: String?) throws(APIError) -> AdminModels.ClockState {
        let apiKey = try Self.accountKey(apiKey)
        let clock = self.scheduler.clock
        let now = apiKey.map { clock.now(account: $0) } ?? clock.now()
        return AdminModels.ClockState(
            now: now, nowISO: AdminModels.iso(now), frozen: !clock.isRunning, scale: clock.scale, apiKey: apiKey,
            offsetMs: apiKey.map { clock.offset(account: $0) }
        )
    }

    // MARK: Profiles

    /// Creates profiles directly in a status. Final statuses are stored as they are; `VALIDATING`
    /// starts a normal run; `QUEUING` and `IN_PROGRESS` start with validation (and, for
    /// `IN_PROGRESS`, the minimum queue time) already done, so they reach that status at once —
    /// `IN_PROGRESS` only when a training slot is free, else they wait in `QUEUING` like any profile.
    func create(_ request: AdminModels.CreateProfiles) throws(APIError) -> [String] {
        let batch = try self.prepare(request)
        let balance = self.profiles.defaultBalance
        let records = batch.records
        try self.writing { db in try Self.insert(records, into: db, defaultBalance: balance) }
        try self.schedule(batch)
        return batch.ids
    }

    /// `create` in two steps, for a reply that comes later: `prepare` checks the request and builds the rows;
    /// `store` writes them in one transaction and starts their runs, without the event loop waiting for the commit.
    /// - Parameter completion: the new ids, or why not; on the writer thread.
    func store(_ batch: ProfileBatch, completion: @escaping @Sendable (Result<[String], APIError>) -> Void) {
        let balance = self.profiles.defaultBalance
        let records = batch.records
        self.storage.write({ db in try Self.insert(records, into: db, defaultBalance: balance) }) { result in
            completion(
                Result { () throws(APIError) -> [String] in
                    do {
                        try result.get()
                    } catch {
                        throw Self.internalError(error)
                    }
                    try self.schedule(batch)
                    return batch.ids
                })
        }
    }

    /// Profiles about to be created: their rows, and the runs to start once the rows are stored.
    struct ProfileBatch: Sendable {
        struct Run: Sendable {
            let id: String
            let apiKey: String
            let tier: TrainingTier
            let plan: Plan
            let startedAt: Int64
        }

        var records: [ProfileRecord] = []
        var runs: [Run] = []
        var ids: [String] { self.records.map(\.id) }
    }

    /// Checks a creation request and builds its rows (nothing is stored yet).
    func prepare(_ request: AdminModels.CreateProfiles) throws(APIError) -> ProfileBatch {
        let count = request.count ?? 1
        guard (1...1000).contains(count) else { throw Self.bad("count must be between 1 and 1000") }
        guard !request.apiKey.isEmpty else { throw Self.bad("api_key is required") }
        _ = try Self.accountKey(request.apiKey)
        let status = try Self.status(request.status ?? "READY")
        guard let tier = TrainingTier(rawValue: request.trainingTier ?? "fast") else {
            throw Self.bad("training_tier must be standard or fast")
        }
        if let tag = request.tag, !(1...128).contains(tag.unicodeScalars.count) {
            throw Self.bad("tag must have 1 to 128 characters")
        }
        var batch = ProfileBatch()
        batch.records.reserveCapacity(count)
        for _ in 0..<count {
            let (seq, id) = self.profiles.ids.next()
            let urls =
                request.imageURLs
                ?? (1...(tier == .fast ? 5 : 10)).map { "https://example.com/phota-mock/\(id)/\($0).jpg" }
            self.prepareOne(
                seq: seq, id: id, apiKey: request.apiKey, tier: tier, tag: request.tag, urls: urls, status: status,
                message: request.message, into: &batch)
        }
        return batch
    }

    private func prepareOne(
        seq: Int64, id: String, apiKey: String, tier: TrainingTier, tag: String?, urls: [String], status: ProfileStatus,
        message: String?, into batch: inout ProfileBatch
    ) {
        let now = self.scheduler.clock.now(account: apiKey)
        var plan = self.scheduler.plan(apiKey: apiKey, tier: tier, tag: tag, imageURLs: urls)
        var record = ProfileRecord(
            seq: seq, id: id, apiKey: apiKey, tag: tag, tier: tier.rawValue, imageURLs: ProfileService.jsonArray(urls),
            status: status.isFinal ? status.rawValue : ProfileStatus.validating.rawValue,
            message: status == .error ? (message ?? "Training failed.") : message, createdAt: now, statusAt: now,
            validatingAt: now, validatingMs: plan.validatingMs, queueMinMs: plan.queuingMinMs,
            trainingMs: plan.trainingMs
        )
        if status.isFinal {
            record.queuedAt = now
            record.trainingAt = now
            record.finishedAt = status == .inactive ? nil : now
        }
        batch.records.append(record)
        guard !status.isFinal else { return }
        if status != .validating {
            plan.validatingMs = 0
            if status == .inProgress { plan.queuingMinMs = 0 }
            plan.failure = nil
        }
        batch.runs.append(ProfileBatch.Run(id: id, apiKey: apiKey, tier: tier, plan: plan, startedAt: now))
    }

    /// Every row of a batch, in one savepoint of the writer's transaction.
    private static func insert(_ records: [ProfileRecord], into db: Database, defaultBalance: Int64?) throws {
        let accounts = AccountRepository(db)
        for record in records { try accounts.insertProfile(record, costMicros: 0, defaultBalance: defaultBalance) }
    }

    /// Starts the runs of a stored batch; transitions already due are applied before it returns.
    private func schedule(_ batch: ProfileBatch) throws(APIError) {
        guard !batch.runs.isEmpty else { return }
        do {
            for run in batch.runs {
                try self.scheduler.submit(
                    id: run.id, apiKey: run.apiKey, tier: run.tier, plan: run.plan, startedAt: run.startedAt)
            }
            self.scheduler.applyDue()
        } catch {
            throw Self.internalError(error)
        }
    }

    /// Sets a profile's status now (`READY`, `ERROR` or `INACTIVE`), freeing its training slot.
    func force(id: String, status: String, message: String?) throws(APIError) -> AdminModels.ProfileDetail {
        let target = try Self.status(status)
        guard target.isFinal else { throw Self.bad("status must be READY, ERROR or INACTIVE") }
        let text = target == .error ? (message ?? "Training failed.") : message
        let forced: Bool
        do {
            forced = try self.scheduler.force(id: id, status: target, message: text)
        } catch {
            throw Self.internalError(error)
        }
        if !forced {
            guard let record = try self.record(id: id) else { throw .profileNotFound }
            let now = self.scheduler.clock.now(account: record.apiKey)
            try self.writing { db in
                try ProfileRepository(db).apply([
                    PhotaStorage.Transition(profileID: id, status: target.rawValue, at: now, message: text)
                ])
            }
            // After the write, so a read in between cannot cache the old status again.
            self.profiles.forgetFinalStatus(id)
        }
        return try self.detail(id: id)
    }

    /// The full record: tier, tag, URLs, every phase timestamp, the plan and the history.
    func detail(id: String) throws(APIError) -> AdminModels.ProfileDetail {
        // The scheduler hands its transitions to the group-committing writer, which stores them a little
        // later; an empty write queued behind them returns once they are committed, so the timestamps and
        // the history read next include every transition applied so far (e.g. by a clock advance).
        try self.writing { _ in }
        let live = self.scheduler.job(id: id)
        guard let record = try self.record(id: id) else { throw .profileNotFound }
        let history = try self.reading { db in try ProfileRepository(db).history(id: id) }
        let urls = (try? JSONDecoder().decode([String].self, from: Data(record.imageURLs.utf8))) ?? []
        return AdminModels.ProfileDetail(
            profileID: id, apiKey: record.apiKey, tag: record.tag, trainingTier: record.tier, imageURLs: urls,
            status: live?.status.rawValue ?? record.status, message: live.map { $0.message } ?? record.message,
            createdAt: record.createdAt, statusAt: live?.statusSince ?? record.statusAt,
            validatingAt: record.validatingAt,
            queuedAt: record.queuedAt, trainingAt: record.trainingAt, finishedAt: record.finishedAt,
            plan: .init(
                validatingMs: record.validatingMs, queueMinMs: record.queueMinMs, trainingMs: record.trainingMs,
                failPhase: record.failPhase, failMessage: record.failMessage
            ),
            history: history.map { AdminModels.HistoryEntry(status: $0.status, at: $0.at, message: $0.message) }
        )
    }

    // MARK: Fixtures

    /// Applies a scenario: balances, then profiles, then fault rules. Returns what was created.
    func load(_ scenario: AdminModels.Scenario) throws(APIError) -> [String: Int] {
        for account in scenario.accounts ?? [] {
            guard let apiKey = account.apiKey else { throw Self.bad("every account needs an api_key") }
            _ = try self.setBalance(apiKey: apiKey, dollars: account.balance)
        }
        var created = 0
        for group in scenario.profiles ?? [] { created += try self.create(group).count }
        for rule in scenario.faults ?? [] { _ = try self.faults.add(rule) }
        return ["accounts": scenario.accounts?.count ?? 0, "profiles": created, "faults": scenario.faults?.count ?? 0]
    }

    /// Loads a scenario file, or every `.json` file of a directory in name order (`--fixtures`).
    /// - Throws: `APIError` naming the file that failed.
    public func loadFixtures(at path: String) throws(APIError) -> [String: Int] {
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Self.bad("no such fixtures path: \(path)")
        }
        let files =
            isDirectory
            ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".json") }
                .sorted().map { path + "/" + $0 }
            : [path]
        var totals: [String: Int] = [:]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw Self.bad("cannot read \(file)") }
            let scenario: AdminModels.Scenario
            do {
                scenario = try JSONDecoder().decode(AdminModels.Scenario.self, from: data)
            } catch {
                throw Self.bad("invalid scenario \(file): \(error)")
            }
            totals.merge(try self.load(scenario)) { $0 + $1 }
        }
        return totals
    }

    // MARK: Gauges

    func gauges() -> [Gauge] {
        let stored = (try? self.storage.read { db in try ProfileRepository(db).countsByStatus() }) ?? [:]
        let snapshot = self.scheduler.snapshot()
        let statuses = ProfileStatus.allCases.map { status in
            ([("status", status.rawValue)], Double(stored[status.rawValue] ?? 0))
        }
        let depth = snapshot.accounts.values.reduce(0) { $0 + $1.waitingForSlot }
        let training = snapshot.accounts.values.reduce(0) { $0 + $1.inProgress.values.reduce(0, +) }
        return [
            Gauge(name: "phota_mock_profiles", help: "Stored profiles by status.", values: statuses),
            Gauge(
                name: "phota_mock_queue_depth", help: "Profiles waiting for a training slot.",
                values: [([], Double(depth))]),
            Gauge(
                name: "phota_mock_training", help: "Profiles holding a training slot.", values: [([], Double(training))]
            ),
            Gauge(
                name: "phota_mock_journal_entries", help: "Requests held in the journal.",
                values: [([], Double(self.journal.size))]),
            Gauge(
                name: "phota_mock_fault_rules", help: "Fault rules in force.",
                values: [([], Double(self.faults.list().count))]),
        ]
    }

    // MARK: Helpers

    /// The storage's state for readiness: `ok`, `failing` (the last commit failed), `replaced` (the
    /// database file was deleted or replaced) or `unavailable` (a trivial read fails).
    func storageState() -> StorageState {
        self.state(after: self.storage.checkHealth())
    }

    /// Tries one small commit and reports the state after it: while writes fail, only a write can
    /// show that they succeed again. `completion` runs on the writer thread.
    func probeStorage(completion: @escaping @Sendable (StorageState) -> Void) {
        self.storage.probeWrite { [self] health in completion(self.state(after: health)) }
    }

    private func state(after health: StorageHealth) -> StorageState {
        switch health {
        case .failing: return .failing
        case .replaced: return .replaced
        case .ok:
            let reads = (try? self.storage.read { db in try ProfileRepository(db).count(status: "READY") }) != nil
            return reads ? .ok : .unavailable
        }
    }

    private func record(id: String) throws(APIError) -> ProfileRecord? {
        try self.reading { db in try ProfileRepository(db).find(id: id) }
    }

    func reading<T>(_ body: (Database) throws -> T) throws(APIError) -> T {
        do {
            return try self.storage.read(body)
        } catch {
            throw Self.internalError(error)
        }
    }

    @discardableResult
    func writing<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) throws(APIError) -> T {
        do {
            return try self.storage.writeSync(work)
        } catch {
            throw Self.internalError(error)
        }
    }

    private static func status(_ text: String) throws(APIError) -> ProfileStatus {
        guard let status = ProfileStatus(rawValue: text) else {
            throw Self.bad("status must be one of VALIDATING, QUEUING, IN_PROGRESS, READY, ERROR, INACTIVE")
        }
        return status
    }

    /// An account key given to the admin API, held to the rule an API request's key is held to: an account no
    /// request could reach is a mistake, and a key outside the rule may have a second spelling.
    static func accountKey(_ key: String?) throws(APIError) -> String? {
        guard let key else { return nil }
        guard APIKey.isWellFormed(key) else { throw Self.bad("api_key must be \(APIKey.rule)") }
        return key
    }

    static func bad(_ detail: String) -> APIError {
        APIError(status: .badRequest, code: "BAD_REQUEST", detail: detail)
    }

    private static func internalError(_ error: any Error) -> APIError {
        APIError(status: .internalServerError, code: "INTERNAL_ERROR", detail: "Internal server error: \(error)")
    }
}
