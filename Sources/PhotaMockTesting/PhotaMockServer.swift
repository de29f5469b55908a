// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials
import Logging
import PhotaAPIKit
import PhotaApp
import PhotaScheduler
import Synchronization

/// The timing presets of the simulated training: `.realistic`, `.default` or `.instant`.
public typealias PhotaMockPreset = TimingPreset

/// A whole phota-mock served on `127.0.0.1:<free port>` inside the test process, with its own in-memory database:
/// start one per test or per suite, point the client under test at `apiURL`, drive time, credit, faults and
/// callbacks through `admin`.
///
/// ```swift
/// let server = try PhotaMockServer(preset: .default, frozenClock: true, credit: 5)
/// defer { server.stop() }
/// let client = PhotaClient(baseURL: server.apiURL, apiKey: "suite-key")  // the code under test
/// try server.admin.advance(by: .seconds(3))
/// ```
///
/// `stop()` shuts it down (idempotent); so does the last reference going away.
public final class PhotaMockServer: Sendable {
    /// The convenience options, as one value (for `withServer`).
    public struct Options: Sendable {
        /// Timings of the simulated training (and, without `studioTime`, of the studio); nil: `default`.
        public var preset: PhotaMockPreset?
        /// Start with the simulated clock frozen: it then moves only through `admin`.
        public var frozenClock: Bool
        /// Move the simulated clock to this instant once started (it only moves forward: give a future date).
        public var clockStart: Date?
        /// Seeds profile ids, the scheduler's draws and the studio's images: the same seed, the same run.
        public var seed: UInt64?
        /// The prepaid balance every new account starts with, in dollars; nil: unlimited.
        public var credit: Double?
        /// Simulated time every studio call (and async job) takes; nil: the preset's.
        public var studioTime: Duration?
        /// Async jobs of one account running at once; nil: 4.
        public var jobSlots: Int?
        /// Only these API keys are accepted (others are 401); nil: any well-formed key, each its own account.
        public var apiKeys: Set<String>?
        /// Required by the admin API (`admin` sends it); nil: none, as on loopback it needs none.
        public var adminToken: String?

        public init(
            preset: PhotaMockPreset? = nil, frozenClock: Bool = false, clockStart: Date? = nil, seed: UInt64? = nil,
            credit: Double? = nil, studioTime: Duration? = nil, jobSlots: Int? = nil, apiKeys: Set<String>? = nil,
            adminToken: String? = nil
        ) {
            self.preset = preset
            self.frozenClock = frozenClock
            self.clockStart = clockStart
            self.seed = seed
            self.credit = credit
            self.studioTime = studioTime
            self.jobSlots = jobSlots
            self.apiKeys = apiKeys
            self.adminToken = adminToken
        }

        /// The options laid over `config`.
        func apply(to config: inout AppConfig) {
            if let preset = self.preset { config.scheduler.preset = preset }
            config.frozenClock = self.frozenClock
            if let seed = self.seed { config.seed = seed }
            if let credit = self.credit { config.defaultBalanceMicros = Int64((credit * 1_000_000).rounded()) }
            if let studioTime = self.studioTime {
                let (seconds, attoseconds) = studioTime.components
                config.studioSeconds = Double(seconds) + Double(attoseconds) / 1e18
            }
            if let jobSlots = self.jobSlots { config.jobSlots = jobSlots }
            if let apiKeys = self.apiKeys { config.apiKeys = .only(apiKeys) }
            if let adminToken = self.adminToken { config.adminToken = adminToken }
        }
    }

    /// The running application (its scheduler, storage and services), for what the admin API does not cover.
    public let application: Application
    /// The port it bound on `127.0.0.1`.
    public let port: UInt16
    /// `http://127.0.0.1:<port>`.
    public let baseURL: URL
    /// `http://127.0.0.1:<port>/v1/phota`: the base URL of the emulated Phota API.
    public let apiURL: URL
    /// The control plane.
    public let admin: PhotaMockAdmin
    private let stopped = Mutex(false)

    /// Starts a server: a test default configuration (`127.0.0.1:0`, two event loops, an in-memory database,
    /// the simulated clock running), the options laid over it, then `configure` (which has the last word).
    /// - Parameters:
    ///   - logger: where the server logs; nil logs nothing.
    ///   - configure: any other setting of `AppConfig` (journal size, failure rules, `--fetch-images`, …).
    /// - Throws: when it cannot bind, or `clockStart` is not ahead of the clock.
    public convenience init(
        preset: PhotaMockPreset? = nil, frozenClock: Bool = false, clockStart: Date? = nil, seed: UInt64? = nil,
        credit: Double? = nil, studioTime: Duration? = nil, jobSlots: Int? = nil, apiKeys: Set<String>? = nil,
        adminToken: String? = nil, logger: Logger? = nil, configure: (inout AppConfig) -> Void = { _ in }
    ) throws {
        try self.init(
            Options(
                preset: preset, frozenClock: frozenClock, clockStart: clockStart, seed: seed, credit: credit,
                studioTime: studioTime, jobSlots: jobSlots, apiKeys: apiKeys, adminToken: adminToken),
            logger: logger, configure: configure)
    }

    /// Starts a server with `options` (see the other initializer).
    public init(
        _ options: Options, logger: Logger? = nil, configure: (inout AppConfig) -> Void = { _ in }
    ) throws {
        var config = AppConfig()
        config.http.host = "127.0.0.1"
        config.http.port = 0
        config.http.eventLoops = 2
        config.databasePath = ":memory:"
        options.apply(to: &config)
        configure(&config)
        self.application = try Application(
            config: config, logger: logger ?? Logger(label: "phota-mock", factory: { _ in SwiftLogNoOpLogHandler() }))
        self.port = try self.application.start()
        self.baseURL = URL(string: "http://127.0.0.1:\(self.port)")!
        self.apiURL = URL(string: "http://127.0.0.1:\(self.port)/v1/phota")!
        self.admin = PhotaMockAdmin(port: self.port, adminToken: config.adminToken)
        if let start = options.clockStart {
            do {
                try self.admin.setClock(to: start)
            } catch {
                self.stop()
                throw error
            }
        }
    }

    /// Starts a server, runs `body` with it, and stops it however `body` ends.
    ///
    /// ```swift
    /// try await PhotaMockServer.withServer(.init(preset: .instant)) { server in … }
    /// ```
    public static func withServer<T>(
        _ options: Options = Options(), configure: (inout AppConfig) -> Void = { _ in },
        _ body: (PhotaMockServer) async throws -> T
    ) async throws -> T {
        let server = try PhotaMockServer(options, configure: configure)
        defer { server.stop() }
        return try await body(server)
    }

    deinit {
        self.stop()
    }

    /// True once `stop()` was called.
    public var isStopped: Bool { self.stopped.withLock { $0 } }

    /// Shuts down gracefully and waits until every connection is closed and storage is; later calls do nothing.
    public func stop() {
        let first = self.stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        self.application.shutdown()
        self.application.wait()
    }

    /// Any request to the server, on a new connection (no admin token added). The answer is returned whatever its
    /// status.
    ///
    /// ```swift
    /// let answer = try server.send("GET", "/v1/phota/profiles/ids", headers: [("X-API-Key", "k")])
    /// ```
    public func send(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil
    ) throws -> PhotaMockResponse {
        var fields = headers
        if body != nil, !fields.contains(where: { $0.0.lowercased() == "content-type" }) {
            fields.append(("Content-Type", "application/json"))
        }
        return try self.admin.transport.send(method, path, headers: fields, body: body.map { Array($0.utf8) })
    }
}
