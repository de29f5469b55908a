// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaAPIKit
import PhotaHTTP
import PhotaImaging
import PhotaScheduler
import PhotaStorage

/// The profile domain: records in SQLite, training in the scheduler. The scheduler is the authority
/// for profiles it holds in memory (in flight, or final but not yet stored); storage for the rest.
public final class ProfileService: ProfileBackend {
    /// Prices from the Profiles guide, in micro-dollars.
    public static let costMicros: [TrainingTier: Int64] = [.standard: 2_900_000, .fast: 1_490_000]

    let storage: Storage
    let scheduler: Scheduler
    /// The id sequence every new profile draws from, the control plane's seeded ones included.
    package let ids: ProfileIDGenerator
    /// The prepaid balance (micro-dollars) a new account starts with; nil = unlimited.
    package let defaultBalance: Int64?
    let logger: Logger
    let images: ImageFetcher?
    let finished = FinalStatusCache()

    /// - Parameters:
    ///   - defaultBalance: the prepaid balance (micro-dollars) a new account starts with; nil = unlimited.
    ///   - images: downloads and checks every image during `VALIDATING`; nil trusts the URLs.
    public init(
        storage: Storage, scheduler: Scheduler, ids: ProfileIDGenerator, defaultBalance: Int64?, logger: Logger,
        images: ImageFetcher? = nil
    ) {
        self.images = images
        self.storage = storage
        self.scheduler = scheduler
        self.ids = ids
        self.defaultBalance = defaultBalance
        self.logger = logger
    }

    public func add(
        apiKey: String, request: AddProfileRequest, completion: @escaping @Sendable (Result<String, APIError>) -> Void
    ) {
        let tier: TrainingTier = request.tier == .fast ? .fast : .standard
        let plan = self.scheduler.plan(apiKey: apiKey, tier: tier, tag: request.tag, imageURLs: request.imageURLs)
        let (seq, id) = self.ids.next()
        let now = self.scheduler.clock.now(account: apiKey)
        let record = ProfileRecord(
            seq: seq, id: id, apiKey: apiKey, tag: request.tag, tier: tier.rawValue,
            imageURLs: Self.jsonArray(request.imageURLs),
            status: ProfileStatus.validating.rawValue, createdAt: now, statusAt: now, validatingAt: now,
            validatingMs: plan.validatingMs, queueMinMs: plan.queuingMinMs, trainingMs: plan.trainingMs,
            failPhase: plan.failure?.phase.rawValue, failMessage: plan.failure?.message
        )
        let cost = Self.costMicros[tier] ?? 0
        let defaultBalance = self.defaultBalance
        // The insert is queued before the job starts, so any transition the scheduler emits for it is
        // written after the row exists (the writer runs items in queue order).
        self.storage.write({ db in
            try AccountRepository(db).insertProfile(record, costMicros: cost, defaultBalance: defaultBalance)
        }) { [scheduler, logger] result in
            switch result {
            case .success:
                completion(.success(id))
            case .failure(StorageError.insufficientCredit):
                scheduler.remove(id: id)
                completion(.failure(.insufficientCredit))
            case .failure(let error):
                scheduler.remove(id: id)
                logger.error("profile insert failed", metadata: ["profile.id": "\(id)", "error": "\(error)"])
                completion(.failure(.internalError))
            }
        }
        do {
            // The stored creation time is the job's start, so every phase timestamp follows from it exactly.
            try self.startTraining(
                id: id, apiKey: apiKey, tier: tier, plan: plan, imageURLs: request.imageURLs, startedAt: now)
        } catch {
            // Only a duplicate id can fail here, and ids are 122 random bits; log it loudly.
            self.logger.error(
                "scheduler refused a new profile", metadata: ["profile.id": "\(id)", "error": "\(error)"])
        }
    }

    public func status(apiKey: String, id: String) throws(APIError) -> ProfileStatusView {
        if let job = self.scheduler.job(id: id) {
            guard job.apiKey == apiKey else { throw .profileNotFound }
            return ProfileStatusView(profileID: id, status: job.status.rawValue, message: job.message)
        }
        if let entry = self.finished.get(id) {
            guard entry.apiKey == apiKey else { throw .profileNotFound }
            return ProfileStatusView(profileID: id, status: entry.status, message: entry.message)
        }
        guard let record = try self.find(apiKey: apiKey, id: id) else { throw .profileNotFound }
        if ProfileStatus(rawValue: record.status)?.isFinal == true {
            self.finished.put(id, .init(apiKey: apiKey, status: record.status, message: record.message))
        }
        return ProfileStatusView(profileID: id, status: record.status, message: record.message)
    }

    public func ids(apiKey: String, tag: String?) throws(APIError) -> [String] {
        try self.reading { db in try ProfileRepository(db).ids(apiKey: apiKey, tag: tag) }
    }

    public func picture(apiKey: String, id: String) throws(APIError) -> [UInt8] {
        let view = try self.status(apiKey: apiKey, id: id)
        guard view.status == ProfileStatus.ready.rawValue else { throw .profileNotReady }
        return IdenticonJPEG.render(seed: id)
    }

    public func delete(apiKey: String, id: String, completion: @escaping @Sendable (Result<Void, APIError>) -> Void) {
        if let job = self.scheduler.job(id: id), job.apiKey == apiKey {
            self.scheduler.remove(id: id)
        }
        self.storage.write({ db in try ProfileRepository(db).delete(apiKey: apiKey, id: id) }) {
            [logger, finished] result in
            switch result {
            case .success(true):
                // After the commit, so a read in between cannot cache the deleted profile again.
                finished.remove(id)
                completion(.success(()))
            case .success(false): completion(.failure(.profileNotFound))
            case .failure(let error):
                logger.error("profile delete failed", metadata: ["profile.id": "\(id)", "error": "\(error)"])
                completion(.failure(.internalError))
            }
        }
    }

    /// The stored record of a profile of this account.
    func find(apiKey: String, id: String) throws(APIError) -> ProfileRecord? {
        try self.reading { db in try ProfileRepository(db).find(apiKey: apiKey, id: id) }
    }

    /// Runs a read, turning any storage failure into a logged 500.
    func reading<T>(_ body: (Database) throws -> T) throws(APIError) -> T {
        do {
            return try self.storage.read(body)
        } catch {
            self.logger.error("storage read failed", metadata: ["error": "\(error)"])
            throw .internalError
        }
    }

    /// Drops the cached final status of `id`, after a write that changed it.
    package func forgetFinalStatus(_ id: String) {
        self.finished.remove(id)
    }

    /// Drops the cached final statuses of `apiKey`'s profiles (every account's when nil), after a reset.
    package func forgetFinalStatuses(apiKey: String?) {
        self.finished.removeAll(apiKey: apiKey)
    }

    /// The strings as a JSON array (it runs for every add): written as bytes, then made a string once, since
    /// appending to a `String` piece by piece cost ten times as much.
    package static func jsonArray(_ strings: [String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(strings.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, string) in strings.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(string, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
