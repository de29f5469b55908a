// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Logging
import PhotaAPIKit
import PhotaControl
import PhotaHTTP
import PhotaHTTP2
import PhotaJobs
import PhotaNet
import PhotaProfiles
import PhotaScheduler
import PhotaStorage
import PhotaStudio
import Synchronization

/// The composition root: opens storage, restores the scheduler, builds the routes and the server
/// from an `AppConfig`, and shuts them down in order.
public final class Application: Sendable {
    public let config: AppConfig
    public let storage: Storage
    public let scheduler: Scheduler
    public let profiles: ProfileService
    public let admin: AdminService
    public let studio: StudioService
    public let jobs: JobService
    private let server: HTTPServer
    /// What the server answers every request with (the routes behind fault injection), for driving
    /// the application without a socket.
    package let responder: any HTTPResponder
    /// What the server shows every answered exchange to (journal, metrics).
    package let exchangeObserver: any ExchangeObserver
    /// Every route as (method, pattern), for checking the routes against the OpenAPI documents.
    public let routeTable: [(method: String, pattern: String)]
    private let stopping = StopFlag()
    private let logger: Logger
    /// libdispatch's own descriptors, being opened while the rest starts (see `DispatchWarmUp`).
    private let warmUp: DispatchWarmUp
    private let startup: Mutex<StartupPhases>

    /// Opens the database (running migrations) and resumes every unfinished profile by the clock.
    /// - Throws: when the database cannot be opened, the scheduler configuration is invalid, or images are to
    ///   be fetched and libcurl cannot be loaded.
    public init(config: AppConfig, logger: Logger) throws {
        self.config = config
        self.logger = logger
        var phases = StartupPhases()
        // Every descriptor the server needs while serving is opened here, before the first
        // connection is accepted: a full house of clients must not find the server without one.
        DescriptorLimit.raiseSoftToHard()
        // Large request bodies are mapped and unmapped, so the memory they held goes back when they are freed.
        AllocatorPolicy.fixMmapThreshold()
        self.warmUp = DispatchWarmUp()
        // One reader per event loop reading at once, plus the scheduler's and admin's own reads.
        self.storage = try Storage(
            path: config.databasePath, maxIdleReaders: max(4, config.http.eventLoops + 2), idSeed: config.seed)
        phases.mark("storage")
        var schedulerConfig = config.scheduler
        if let seed = config.seed, schedulerConfig.seed == nil { schedulerConfig.seed = seed }
        let settings = try schedulerConfig.settings()
        let clock = SimulatedClock.real(scale: settings.timeScale)
        if config.frozenClock { clock.freeze() }
        let writer = TransitionWriter(storage: self.storage, logger: logger)
        self.scheduler = Scheduler(
            settings: settings, clock: clock, timer: DispatchSchedulerTimer(clock: clock), sink: writer.sink
        )
        writer.attach(self.scheduler)
        // libcurl is loaded only for --fetch-images, and then at once: without it the server refuses to start
        // (the error names libcurl) rather than failing every profile it is given.
        if config.fetchImages { try ImageFetcher.loadClient() }
        let images = config.fetchImages ? ImageFetcher(limits: config.imageFetch) : nil
        let restored = try Self.restore(
            self.scheduler, from: self.storage, checkingImages: images != nil, logger: logger)
        self.profiles = ProfileService(
            storage: self.storage, scheduler: self.scheduler, ids: ProfileIDGenerator(storage: self.storage),
            defaultBalance: config.defaultBalanceMicros, logger: logger, images: images
        )
        self.profiles.resumeImageChecks(restored)
        self.studio = Self.makeStudio(
            config: config, storage: self.storage, clock: clock, profiles: self.profiles,
            images: images, logger: logger)
        phases.mark("restore")
        let journal = RequestJournal(capacity: config.journalCapacity, bodyLimit: config.journalBodyLimit)
        let faults = FaultInjector()
        self.jobs = JobService(
            studio: self.studio, storage: self.storage, clock: clock,
            timer: DispatchSchedulerTimer(clock: clock, queue: DispatchQueue(label: "phota.jobs.timer")),
            settings: JobSettings(slotsPerAccount: config.jobSlots), faults: FaultDeliveries(faults: faults),
            logger: logger)
        try self.jobs.restore()
        self.admin = AdminService(
            storage: self.storage, scheduler: self.scheduler, profiles: self.profiles, journal: journal, faults: faults,
            logger: logger
        )
        self.admin.onReset { [jobs = self.jobs] apiKey in jobs.forget(apiKey: apiKey) }
        self.admin.onReset { [studio = self.studio] _ in studio.forgetBalances() }
        self.admin.onBalanceSet { [studio = self.studio] _ in studio.forgetBalances() }
        if let path = config.fixturesPath {
            let loaded = try self.admin.loadFixtures(at: path)
            logger.info("loaded fixtures", metadata: ["path": "\(path)", "created": "\(loaded)"])
        }
        let metrics = Metrics()
        let stopping = self.stopping
        let adminRoutes = AdminRoutes(
            service: self.admin, metrics: metrics,
            access: AdminAccess(token: config.adminToken, host: config.http.host),
            isStopping: { stopping.isSet }
        )
        let router = Routes.make(
            profiles: self.profiles, studio: self.studio, jobs: self.jobs, keys: config.apiKeys, admin: adminRoutes)
        self.routeTable = router.routeTable
        let recorder = ExchangeRecorder(journal: journal, metrics: metrics) { [router] in
            router.routePattern(for: $0)
        }
        self.responder = FaultingResponder(inner: router, faults: faults)
        self.exchangeObserver = recorder
        self.server = HTTPServer(
            configuration: Self.httpConfiguration(config), responder: self.responder,
            errorResponse: DefaultErrorBody.response, switcher: HTTP2Switcher(), observer: recorder, logger: logger
        )
        phases.mark("routes")
        self.startup = Mutex(phases)
    }

    /// Binds and starts serving; returns the bound port.
    /// - Throws: when the address cannot be bound.
    public func start() throws -> UInt16 {
        self.warmUp.wait()
        self.startup.withLock { $0.mark("dispatch") }
        let port = try self.server.start()
        let phases = self.startup.withLock { phases in
            phases.mark("listen")
            return phases
        }
        self.logger.debug("start-up phases", metadata: phases.metadata)
        return port
    }

    /// Begins a graceful shutdown; `wait()` returns when it is complete.
    public func shutdown() {
        self.stopping.set()
        self.server.shutdown()
    }

    /// Blocks until the server has stopped, then closes storage (pending writes are committed first).
    public func wait() {
        self.server.wait()
        self.storage.close()
    }

    /// The studio over the same storage, clock and profiles: its own alarm timer, timings from `--studio-time` or
    /// the preset, download links signed with a key derived from the database's own key (so links survive a
    /// restart on the same database, and another database refuses them).
    private static func makeStudio(
        config: AppConfig, storage: Storage, clock: SimulatedClock,
        profiles: ProfileService, images: ImageFetcher?, logger: Logger
    ) -> StudioService {
        let timings: StudioTimings
        if let seconds = config.studioSeconds {
            let ms = Int64((seconds * 1000).rounded())
            timings = StudioTimings(editMs: ms, generateMs: ms, enhanceMs: ms, remixMs: ms)
        } else {
            switch config.scheduler.preset ?? .default {
            case .realistic: timings = .realistic
            case .default: timings = .default
            case .instant: timings = .instant
            }
        }
        let alarms = AccountAlarms(
            clock: clock, timer: DispatchSchedulerTimer(clock: clock, queue: DispatchQueue(label: "phota.studio.timer"))
        )
        var checkURLs: StudioService.URLChecker?
        if let images {
            checkURLs = { urls, completion in
                images.check(urls: urls) { (failure: ImageFetchFailure?) in
                    guard let failure else { return completion(nil) }
                    let index = urls.firstIndex(of: failure.url) ?? 0
                    completion(StudioService.URLFailure(index: index, message: failure.message))
                }
            }
        }
        return StudioService(
            settings: StudioService.Settings(
                timings: timings, fullSizeImages: config.fullSizeImages, seed: config.seed ?? 0,
                defaultBalance: config.defaultBalanceMicros),
            storage: storage, clock: clock, alarms: alarms, identities: ProfileIdentities(profiles: profiles),
            signer: DownloadSigner(key: Array("phota-mock download links\n\(storage.profileIDs.keyText)".utf8)),
            checkURLs: checkURLs, logger: logger)
    }

    /// The HTTP configuration, with room kept for the image downloads' sockets (and the pair of
    /// descriptors libcurl's resolver may open per lookup) besides the default reserve.
    private static func httpConfiguration(_ config: AppConfig) -> HTTPServerConfiguration {
        var http = config.http
        if config.fetchImages { http.reservedDescriptors += 4 * config.imageFetch.maxConcurrent }
        return http
    }

    /// Loads the unfinished profiles and lets the scheduler catch up with the time that passed. When images
    /// are checked, profiles still validating are held, for their downloads to start over.
    /// - Returns: the records restored.
    private static func restore(
        _ scheduler: Scheduler, from storage: Storage, checkingImages: Bool, logger: Logger
    ) throws -> [ProfileRecord] {
        let records = try storage.read { db in try ProfileRepository(db).active() }
        guard !records.isEmpty else { return [] }
        let jobs = records.compactMap(Job.init(record:))
        let held =
            checkingImages ? jobs.filter { $0.status == .validating && $0.plan.failure?.phase != .validating } : []
        try scheduler.restore(jobs, held: Set(held.map(\.id)))
        logger.info(
            "resumed unfinished profiles", metadata: ["count": "\(records.count)", "checking.images": "\(held.count)"])
        return records
    }
}

extension Job {
    /// The scheduler's view of a stored, unfinished profile.
    init?(record: ProfileRecord) {
        guard let tier = TrainingTier(rawValue: record.tier), let status = ProfileStatus(rawValue: record.status) else {
            return nil
        }
        let failure = record.failPhase.flatMap(FailurePhase.init(rawValue:)).map {
            PlannedFailure(phase: $0, message: record.failMessage ?? "")
        }
        self.init(
            id: record.id, apiKey: record.apiKey, tier: tier, seq: record.seq, status: status,
            statusSince: record.statusAt,
            plan: Plan(
                validatingMs: record.validatingMs, queuingMinMs: record.queueMinMs, trainingMs: record.trainingMs,
                failure: failure),
            message: record.message
        )
    }
}

/// The control plane's `callback_url` fault rules, as the jobs room asks for them.
struct FaultDeliveries: DeliveryFaults {
    let faults: FaultInjector

    func injectedFailure(url: String, apiKey: String) -> InjectedDeliveryFailure? {
        switch self.faults.decideDelivery(url: url, apiKey: apiKey) {
        case .none: nil
        case .error(let status, _, _, _): .status(status)
        case .reset, .empty, .truncate: .connectionReset
        }
    }
}

/// The studio's view of profiles: only a `READY` profile of the same account may be used.
struct ProfileIdentities: IdentityDirectory {
    let profiles: ProfileService

    func requireReady(apiKey: String, id: String) throws(APIError) {
        let view = try self.profiles.status(apiKey: apiKey, id: id)
        guard view.status == ProfileStatus.ready.rawValue else { throw .profileNotReady }
    }
}

/// Set once shutdown begins (readiness then answers 503).
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    func set() {
        self.flag.store(true, ordering: .relaxed)
    }

    var isSet: Bool { self.flag.load(ordering: .relaxed) }
}
