// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaAPIKit
import PhotaHTTP
import PhotaScheduler
import PhotaStorage
import PhotaStudio
import Synchronization

/// Async studio jobs: a submit is checked like a synchronous call, charged and stored, answered `202`, then run
/// on the account's simulated clock in one of its job slots (queueing beyond them), and its outcome stored and
/// posted to its `callback_url`.
///
/// While a job is queued or running this object holds its record and is the authority for it (a poll reads it
/// here); once its final state is committed, storage is. Jobs resume after a restart from what was stored.
public final class JobService: StudioJobSubmitter, Sendable {
    struct Runner {
        /// Jobs not yet settled in storage, by id.
        var active: [String: JobRecord] = [:]
        /// Queued job ids per account, in submission order.
        var queues: [String: [String]] = [:]
        /// Running jobs per account.
        var running: [String: Int] = [:]
        /// The link expiry of a job that succeeded but whose output is not committed yet.
        var expiries: [String: Int64] = [:]
    }

    let studio: StudioService
    let storage: Storage
    let clock: SimulatedClock
    let alarms: AccountAlarms
    let settings: JobSettings
    public let secrets: WebhookSecrets
    public let deliveries: CallbackDeliveries
    let logger: Logger
    private let runner = Mutex(Runner())

    /// Runs `body` on the runner's state under its lock.
    func withRunner<T>(_ body: (inout Runner) -> T) -> T {
        self.runner.withLock { body(&$0) }
    }

    public init(
        studio: StudioService, storage: Storage, clock: SimulatedClock, timer: any SchedulerTimer,
        settings: JobSettings, faults: (any DeliveryFaults)?, logger: Logger
    ) {
        self.studio = studio
        self.storage = storage
        self.clock = clock
        self.alarms = AccountAlarms(clock: clock, timer: timer)
        self.settings = settings
        self.logger = logger
        self.secrets = WebhookSecrets(storage: storage, clock: clock, logger: logger)
        self.deliveries = CallbackDeliveries(
            storage: storage, clock: clock, alarms: self.alarms, secrets: self.secrets, settings: settings,
            faults: faults, logger: logger)
    }

    /// 404 for a job that does not exist or is another account's.
    static let jobNotFound = APIError(status: .notFound, code: "JOB_NOT_FOUND", detail: "Job not found.")
    /// 409 for a `client_request_id` reused with another request.
    static func idempotencyConflict(_ id: String) -> APIError {
        APIError(
            status: HTTPStatus(409), code: "IDEMPOTENCY_CONFLICT",
            detail: "client_request_id '\(id)' was already used for a different request.")
    }

    // MARK: Submit

    public func submit(
        _ prepared: PreparedCall, requestID: String, authority: String,
        answer: @escaping @Sendable (HTTPResponse) -> Void
    ) {
        let fail: @Sendable (APIError) -> Void = { answer($0.response(requestID: requestID)) }
        if let url = prepared.call.output.callbackURL, let problem = CallbackURLPolicy.problem(url) {
            return fail(.badRequest(problem))
        }
        let job = JobRecord(
            id: JobIDs.next(), apiKey: prepared.apiKey, endpoint: prepared.call.endpoint.rawValue,
            status: JobStatus.queued.rawValue, spec: prepared.spec.storedJSON, requestKey: Self.requestKey(prepared),
            clientRequestID: prepared.call.output.clientRequestID, callbackURL: prepared.call.output.callbackURL,
            authority: authority, costMicros: prepared.costMicros, charged: prepared.charges,
            processingMs: self.processingMs(prepared), trigger: prepared.trigger?.rawValue, requestID: requestID,
            createdAt: prepared.startedAt)
        if let clientID = job.clientRequestID {
            switch self.existing(apiKey: job.apiKey, clientRequestID: clientID, requestKey: job.requestKey) {
            case .some(.success(let original)): return answer(self.accepted(original))
            case .some(.failure(let error)): return fail(error)
            case .none: break
            }
        }
        self.studio.checkInputs(prepared) { [self] checked in
            if case .failure(let error) = checked { return fail(error) }
            let defaultBalance = self.studio.settings.defaultBalance
            self.storage.write({ db in
                try db.transaction(.immediate) {
                    if job.charged {
                        try AccountRepository(db).charge(
                            apiKey: job.apiKey, costMicros: job.costMicros, defaultBalance: defaultBalance,
                            createdAt: job.createdAt)
                    }
                    try JobRepository(db).insert(job)
                }
            }) { [self] result in
                switch result {
                case .success:
                    self.enqueue(job)
                    answer(self.accepted(self.current(job.id) ?? job))
                case .failure(StorageError.insufficientCredit):
                    fail(.insufficientCredit)
                case .failure(let error):
                    // Two submits with one client_request_id at once: the other one's job is the answer.
                    if let clientID = job.clientRequestID,
                        case .some(let found) = self.existing(
                            apiKey: job.apiKey, clientRequestID: clientID, requestKey: job.requestKey)
                    {
                        switch found {
                        case .success(let original): return answer(self.accepted(original))
                        case .failure(let error): return fail(error)
                        }
                    }
                    self.logger.error("job insert failed", metadata: ["error": "\(error)"])
                    fail(.internalError)
                }
            }
        }
    }

    /// What a resubmit must match to get the same job: the endpoint, what is rendered and the callback.
    static func requestKey(_ prepared: PreparedCall) -> String {
        prepared.call.endpoint.rawValue + "\n" + prepared.spec.storedJSON + "\n"
            + (prepared.call.output.callbackURL ?? "")
    }

    /// Simulated time the job takes: the endpoint's, or past the budget for the timeout trigger.
    private func processingMs(_ prepared: PreparedCall) -> Int64 {
        prepared.trigger == .timeout ? self.settings.budgetMs + 1_000 : prepared.processingMs
    }

    /// The account's job with this client id: `.success` when the request matches, `.failure(409)` when not.
    private func existing(
        apiKey: String, clientRequestID: String, requestKey: String
    ) -> Result<JobRecord, APIError>? {
        let stored = try? self.storage.read { db in
            try JobRepository(db).find(apiKey: apiKey, clientRequestID: clientRequestID)
        }
        guard let stored = stored ?? nil else { return nil }
        let record = self.current(stored.id) ?? stored
        guard record.requestKey.hasSameBytes(as: requestKey) else {
            return .failure(Self.idempotencyConflict(clientRequestID))
        }
        return .success(record)
    }

    private func accepted(_ job: JobRecord) -> HTTPResponse {
        HTTPResponse(
            status: HTTPStatus(202), headers: HTTPHeaders([("content-type", "application/json")]),
            body: self.json(job))
    }

    // MARK: Poll

    /// The job's JSON as the account sees it.
    /// - Throws: `404 JOB_NOT_FOUND` for an unknown job or another account's; `500` on a storage failure.
    public func poll(apiKey: String, id: String) throws(APIError) -> [UInt8] {
        var job = self.current(id)
        if job == nil {
            do {
                job = try self.storage.read { db in try JobRepository(db).find(id: id) }
            } catch {
                self.logger.error("storage read failed", metadata: ["error": "\(error)"])
                throw .internalError
            }
        }
        guard let job, job.apiKey.hasSameBytes(as: apiKey) else { throw Self.jobNotFound }
        return self.json(job)
    }

    /// The job's JSON, with the answer of a job that succeeded.
    func json(_ job: JobRecord) -> [UInt8] {
        var result: [UInt8]?
        if job.status == JobStatus.succeeded.rawValue, let outputID = job.outputID,
            let spec = RenderSpec(storedJSON: job.spec),
            let expiresAt = self.withRunner({ $0.expiries[job.id] }) ?? self.studio.outputExpiry(outputID),
            case .success(let answer) = self.studio.linkedResult(
                outputID: outputID, spec: spec, expiresAt: expiresAt, authority: job.authority)
        {
            result = answer.json
        }
        return JobView.json(job, result: result)
    }

    /// The in-memory record of a job not yet settled in storage (the authority for it while it runs).
    func current(_ id: String) -> JobRecord? {
        self.runner.withLock { $0.active[id] }
    }
}
