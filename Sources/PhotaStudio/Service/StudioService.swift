// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Logging
import PhotaAPIKit
import PhotaScheduler
import PhotaStorage
import Synchronization

/// The studio domain: checks a call, charges it, lets its simulated processing time pass on the account's
/// clock, and renders its images (or stores what they are rendered from, for download links).
///
/// The order of the checks is the order of the answers a client sees: `400` for what the body asks that no
/// model can do, `400 CONTENT_MODERATION`, `404` for identities, then (with `--fetch-images`) `400` for an
/// input that cannot be downloaded, `402`; only then is anything charged. A charged call that fails later
/// (`500`, `504`) is refunded.
public final class StudioService: Sendable {
    /// Settings fixed at start.
    public struct Settings: Sendable {
        public var timings: StudioTimings
        /// Full-size pictures (1K = 1024 px long side) instead of a quarter of that.
        public var fullSizeImages: Bool
        /// The server's `--seed`, 0 without one.
        public var seed: UInt64
        /// The prepaid balance of a new account (micro-dollars); nil = unlimited.
        public var defaultBalance: Int64?

        public init(timings: StudioTimings, fullSizeImages: Bool, seed: UInt64, defaultBalance: Int64?) {
            self.timings = timings
            self.fullSizeImages = fullSizeImages
            self.seed = seed
            self.defaultBalance = defaultBalance
        }
    }

    /// The first URL input that could not be used: its position among the checked URLs and why.
    public struct URLFailure: Sendable, Equatable {
        public var index: Int
        public var message: String

        public init(index: Int, message: String) {
            self.index = index
            self.message = message
        }
    }

    /// Downloads and checks URLs (`--fetch-images`), calling back once with the first failure or nil.
    public typealias URLChecker =
        @Sendable (_ urls: [String], _ completion: @escaping @Sendable (URLFailure?) -> Void) -> Void

    /// How long download links stay valid, in simulated milliseconds.
    public static let linkLifetimeMs: Int64 = 24 * 3_600_000
    /// The most pixels a call may render on the event loop (four 512 × 512 images); larger ones are rendered
    /// on a worker queue, so one 4K request never stalls the other connections.
    public static let inlinePixelLimit = 1_048_576

    package let settings: Settings
    let storage: Storage
    let clock: SimulatedClock
    let alarms: AccountAlarms
    let identities: any IdentityDirectory
    let signer: DownloadSigner
    let checkURLs: URLChecker?
    let logger: Logger
    let renderQueue = DispatchQueue(label: "phota.studio.render", attributes: .concurrent)
    let renders = RenderCache()
    /// Outputs whose links were handed out before their row committed (a job's, stored with its final state):
    /// a download finds them here in the meantime.
    let pendingOutputs = Mutex<[String: StudioOutputRecord]>([:])
    /// Accounts whose calls are free (no balance: unlimited), so that their calls need no balance read. Only a set
    /// balance or a reset can make a free account pay (a charge or refund leaves an unlimited balance as it is);
    /// both call `forgetBalances()`, which empties the set and moves `generation` on, so a read that overlapped
    /// one is not kept.
    private let freeAccounts = Mutex(FreeAccounts())

    private struct FreeAccounts {
        var keys: Set<String> = []
        var generation: UInt64 = 0
    }

    public init(
        settings: Settings, storage: Storage, clock: SimulatedClock, alarms: AccountAlarms,
        identities: any IdentityDirectory, signer: DownloadSigner, checkURLs: URLChecker?, logger: Logger
    ) {
        self.settings = settings
        self.storage = storage
        self.clock = clock
        self.alarms = alarms
        self.identities = identities
        self.signer = signer
        self.checkURLs = checkURLs
        self.logger = logger
    }

    // MARK: Checks that need no waiting

    /// Runs every check that needs no I/O but a read, in the documented order.
    /// - Throws: the `400`, `404` or `500` the call is answered with.
    public func prepare(apiKey: String, call: StudioCall) throws(APIError) -> PreparedCall {
        if let model = call.baseModel {
            if call.quality != nil, !model.takesQuality {
                throw .badRequest(
                    "quality is only supported with base_model 'gpt-image-2', got '\(model.rawValue)'.")
            }
            if !model.resolutions.contains(call.resolution) {
                let offered = model.resolutions.map(\.rawValue).joined(separator: ", ")
                throw .badRequest(
                    "resolution '\(call.resolution.rawValue)' is not supported by base_model '\(model.rawValue)' "
                        + "(supported: \(offered)).")
            }
        }
        if call.requiresInput, call.inputs.isEmpty {
            throw .badRequest("\(call.endpoint.rawValue) needs at least one image in images.")
        }
        var parsed: [InputImage] = []
        var urls: [(field: String, url: String)] = []
        for input in call.inputs {
            switch InputImage.parse(input) {
            case .success(let image):
                parsed.append(image)
                if case .url(let url) = image { urls.append((input.field, url)) }
            case .failure(let error): throw error
            }
        }
        let trigger = StudioTrigger.find(in: call.prompt)
        if trigger == .moderation { throw .contentModeration }
        let profileIDs = PromptReferences.merged(prompt: call.prompt, listed: call.profileIDs)
        for id in profileIDs { try self.identities.requireReady(apiKey: apiKey, id: id) }
        let aspect = OutputGeometry.resolve(call.aspectRatio, input: parsed.first)
        let size = OutputGeometry.size(call.resolution, aspect, fullSize: self.settings.fullSizeImages)
        let spec = RenderSpec(
            endpoint: call.endpoint, prompt: call.prompt, profileIDs: profileIDs, baseModel: call.baseModel,
            quality: call.quality, resolution: call.resolution, aspectRatio: aspect, width: size.width,
            height: size.height, format: call.output.outputFormat, count: call.output.numOutputImages,
            seed: self.settings.seed)
        let cost = StudioPricing.micros(for: call, identities: profileIDs.count)
        var processing = self.settings.timings[call.endpoint]
        if trigger == .timeout { processing = StudioTimings.synchronousBudgetMs + 1_000 }
        return PreparedCall(
            apiKey: apiKey, call: call, spec: spec, urlsToCheck: self.checkURLs == nil ? [] : urls,
            costMicros: cost, charges: try self.isLimited(apiKey: apiKey), processingMs: processing,
            trigger: trigger, startedAt: self.clock.now(account: apiKey))
    }

    /// Whether the account pays: its balance is limited (or it has none yet and new accounts are limited).
    private func isLimited(apiKey: String) throws(APIError) -> Bool {
        let generation = self.freeAccounts.withLock { $0.keys.contains(apiKey) ? nil : $0.generation }
        guard let generation else { return false }
        let limited = try self.readLimited(apiKey: apiKey)
        if !limited {
            self.freeAccounts.withLock { state in
                guard state.generation == generation else { return }
                // Bounded: a run that makes a key per test must not grow it without end.
                if state.keys.count >= 100_000 { state.keys.removeAll() }
                state.keys.insert(apiKey)
            }
        }
        return limited
    }

    /// Forgets which accounts are free: called after a balance was set or an account reset.
    public func forgetBalances() {
        self.freeAccounts.withLock { state in
            state.keys.removeAll()
            state.generation &+= 1
        }
    }

    private func readLimited(apiKey: String) throws(APIError) -> Bool {
        let balance: Int64??
        do {
            balance = try self.storage.read { db in try AccountRepository(db).balance(apiKey: apiKey) }
        } catch {
            self.logger.error("storage read failed", metadata: ["error": "\(error)"])
            throw .internalError
        }
        switch balance {
        case .none: return self.settings.defaultBalance != nil
        case .some(.none): return false
        case .some(.some): return true
        }
    }

    // MARK: Answering

    /// The answer of an immediate call (`isImmediate`), rendered on the calling thread.
    public func answerNow(_ prepared: PreparedCall) -> StudioResult {
        self.bytesResult(prepared.spec)
    }

    /// Carries the call through: URL checks, the charge, the processing time, then the images.
    /// `completion` runs once, on any thread.
    public func run(
        _ prepared: PreparedCall, authority: String,
        completion: @escaping @Sendable (Result<StudioResult, APIError>) -> Void
    ) {
        self.reserve(prepared) { [self] reserved in
            if case .failure(let error) = reserved { return completion(.failure(error)) }
            self.wait(prepared, authority: authority, completion: completion)
        }
    }

    /// The checks that wait on I/O and the charge: URL inputs downloaded (with `--fetch-images`), then the price
    /// taken from a limited balance. `completion` runs once, on any thread; on failure nothing was charged.
    package func reserve(
        _ prepared: PreparedCall, completion: @escaping @Sendable (Result<Void, APIError>) -> Void
    ) {
        self.checkInputs(prepared) { [self] checked in
            if case .failure(let error) = checked { return completion(.failure(error)) }
            self.charge(prepared, completion: completion)
        }
    }

    /// Downloads and checks the URL inputs (with `--fetch-images`; at once without). `completion` runs once, on
    /// any thread, with the `400` naming the first entry that cannot be used.
    package func checkInputs(
        _ prepared: PreparedCall, completion: @escaping @Sendable (Result<Void, APIError>) -> Void
    ) {
        guard let checkURLs = self.checkURLs, !prepared.urlsToCheck.isEmpty else { return completion(.success(())) }
        checkURLs(prepared.urlsToCheck.map(\.url)) { failure in
            if let failure {
                let field = prepared.urlsToCheck[failure.index].field
                return completion(.failure(.badRequest("\(field) cannot be used: \(failure.message)")))
            }
            completion(.success(()))
        }
    }

    private func charge(_ prepared: PreparedCall, completion: @escaping @Sendable (Result<Void, APIError>) -> Void) {
        guard prepared.charges else { return completion(.success(())) }
        let (apiKey, cost, balance, now) = (
            prepared.apiKey, prepared.costMicros, self.settings.defaultBalance, prepared.startedAt
        )
        self.storage.write({ db in
            try AccountRepository(db).charge(apiKey: apiKey, costMicros: cost, defaultBalance: balance, createdAt: now)
        }) { [logger] result in
            switch result {
            case .success: completion(.success(()))
            case .failure(StorageError.insufficientCredit): completion(.failure(.insufficientCredit))
            case .failure(let error):
                logger.error("studio charge failed", metadata: ["error": "\(error)"])
                completion(.failure(.internalError))
            }
        }
    }

    /// Lets the processing time pass on the account's clock (a frozen clock holds the call until it is
    /// advanced), at most the synchronous budget.
    private func wait(
        _ prepared: PreparedCall, authority: String,
        completion: @escaping @Sendable (Result<StudioResult, APIError>) -> Void
    ) {
        let budget = StudioTimings.synchronousBudgetMs
        let due = prepared.startedAt &+ min(prepared.processingMs, budget)
        self.alarms.schedule(account: prepared.apiKey, at: due) { [self] in
            if prepared.processingMs > budget {
                return self.refund(prepared) { completion(.failure(.gatewayTimeout)) }
            }
            if prepared.trigger == .renderFailure {
                return self.refund(prepared) { completion(.failure(.internalError)) }
            }
            self.finish(prepared, authority: authority, completion: completion)
        }
    }

    private func refund(_ prepared: PreparedCall, then answer: @escaping @Sendable () -> Void) {
        self.refund(apiKey: prepared.apiKey, costMicros: prepared.costMicros, charged: prepared.charges, then: answer)
    }

    /// Gives a charge back (when one was taken), then calls `answer` (on any thread).
    package func refund(
        apiKey: String, costMicros: Int64, charged: Bool, then answer: @escaping @Sendable () -> Void
    ) {
        guard charged else { return answer() }
        self.storage.write({ db in try AccountRepository(db).refund(apiKey: apiKey, costMicros: costMicros) }) {
            [logger] result in
            if case .failure(let error) = result {
                logger.error("studio refund failed", metadata: ["error": "\(error)"])
            }
            answer()
        }
    }

    private func finish(
        _ prepared: PreparedCall, authority: String,
        completion: @escaping @Sendable (Result<StudioResult, APIError>) -> Void
    ) {
        switch prepared.call.output.responseMode {
        case .bytes:
            self.renderQueue.async { [self] in completion(.success(self.bytesResult(prepared.spec))) }
        case .urls:
            self.storeOutput(spec: prepared.spec, apiKey: prepared.apiKey, authority: authority) { [self] stored in
                switch stored {
                case .success(let output): completion(.success(output.result))
                case .failure(let error): self.refund(prepared) { completion(.failure(error)) }
                }
            }
        }
    }

    private func bytesResult(_ spec: RenderSpec) -> StudioResult {
        let images = (0..<spec.count).map { self.renders.base64(spec, index: $0) }
        return StudioResult(
            profileIDs: spec.profileIDs, imagesPerIdentity: spec.count, images: images, downloadURLs: [])
    }

    /// A stored output: its id and the answer with its links.
    package struct StoredOutput: Sendable {
        package var outputID: String
        package var result: StudioResult
    }

    /// Stores `spec` under a new output id (links valid 24 h of the account's clock from now) and builds the
    /// answer with one signed link per image. `completion` runs once, on any thread; nothing is refunded here.
    package func storeOutput(
        spec: RenderSpec, apiKey: String, authority: String,
        completion: @escaping @Sendable (Result<StoredOutput, APIError>) -> Void
    ) {
        let record = self.newOutputRecord(spec: spec, apiKey: apiKey)
        self.storage.write({ db in try StudioOutputRepository(db).insert(record) }) { [self] result in
            if case .failure(let error) = result {
                self.logger.error("studio output insert failed", metadata: ["error": "\(error)"])
                return completion(.failure(.internalError))
            }
            completion(
                self.linkedResult(outputID: record.id, spec: spec, expiresAt: record.expiresAt, authority: authority)
                    .map { StoredOutput(outputID: record.id, result: $0) })
        }
    }

    /// A new output of `spec` for `apiKey`, not stored yet: links valid 24 h of the account's clock from now.
    /// - Parameter id: the output's id; a new random one by default (a job passes its own id, so that ending again
    ///   after a crash before the commit gives the same links a poll may already have shown).
    package func newOutputRecord(spec: RenderSpec, apiKey: String, id: String? = nil) -> StudioOutputRecord {
        let now = self.clock.now(account: apiKey)
        return StudioOutputRecord(
            id: id ?? DownloadLink.newOutputID(), apiKey: apiKey, createdAt: now, expiresAt: now &+ Self.linkLifetimeMs,
            spec: spec.storedJSON)
    }

    /// The answer of a stored output: one signed link per image, the same every time it is built.
    package func linkedResult(
        outputID: String, spec: RenderSpec, expiresAt: Int64, authority: String
    ) -> Result<StudioResult, APIError> {
        do {
            let urls = try (0..<spec.count).map { index in
                try DownloadLink(outputID: outputID, index: index, format: spec.format, expires: expiresAt / 1000)
                    .url(authority: authority, signer: self.signer)
            }
            return .success(
                StudioResult(
                    profileIDs: spec.profileIDs, imagesPerIdentity: spec.count, images: [], downloadURLs: urls))
        } catch {
            self.logger.error("download link signing failed", metadata: ["error": "\(error)"])
            return .failure(.internalError)
        }
    }

    /// Makes `record` downloadable before its row is committed; `releasePending` once it is.
    package func holdPending(_ record: StudioOutputRecord) {
        self.pendingOutputs.withLock { $0[record.id] = record }
    }

    /// Forgets an output held by `holdPending` (its row is committed, or will never be).
    package func releasePending(_ id: String) {
        _ = self.pendingOutputs.withLock { $0.removeValue(forKey: id) }
    }

    /// The stored output `outputID`'s expiry, for rebuilding a job's answer.
    package func outputExpiry(_ outputID: String) -> Int64? {
        try? self.storage.read { db in try StudioOutputRepository(db).find(id: outputID)?.expiresAt }
    }
}
