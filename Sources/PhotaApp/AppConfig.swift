// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials
import Glibc
import PhotaAPIKit
import PhotaHTTP
import PhotaProfiles
import PhotaScheduler

/// Everything the server is configured with; the CLI builds it from flags, environment and a config file.
public struct AppConfig: Sendable {
    /// Listening address, port, loops and limits.
    public var http = HTTPServerConfiguration()
    /// The SQLite file, or `:memory:`.
    public var databasePath = AppConfig.defaultDatabasePath()
    /// Which API keys are accepted.
    public var apiKeys = APIKeyPolicy.anyKey
    /// The prepaid balance a new account starts with, in micro-dollars; nil = unlimited.
    public var defaultBalanceMicros: Int64?
    /// Seeds profile ids and the scheduler's draws; nil = random.
    public var seed: UInt64?
    /// Timings, slots and failure rules of the simulated training.
    public var scheduler = SchedulerConfig()
    /// Start with the simulated clock frozen (it then moves only through the admin API).
    public var frozenClock = false
    /// Most requests the journal keeps (0 turns it off).
    public var journalCapacity = 10_000
    /// Most bytes of each request and response body the journal keeps.
    public var journalBodyLimit = 4096
    /// Token required by the admin API; without one it is served on loopback addresses only.
    public var adminToken: String?
    /// A scenario file, or a directory of them, loaded at start.
    public var fixturesPath: String?
    /// Really download every image URL during `VALIDATING` and check it is a supported image.
    public var fetchImages = false
    /// Concurrency, timeout and size cap of those downloads.
    public var imageFetch = ImageFetchLimits()

    /// Simulated seconds every studio request takes; nil takes the training preset's studio timings.
    public var studioSeconds: Double?
    /// Render studio images at their real size (1K = 1024 px long side) instead of a quarter of it.
    public var fullSizeImages = false
    /// Async jobs of one account running at once.
    public var jobSlots = 4

    public init() {}

    /// `$PHOTA_MOCK_DB`, else `$XDG_DATA_HOME/phota-mock/phota-mock.sqlite3`, else
    /// `~/.local/share/phota-mock/phota-mock.sqlite3`.
    public static func defaultDatabasePath(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let path = environment["PHOTA_MOCK_DB"], !path.isEmpty { return path }
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? Self.homeDirectory()) + "/.local/share"
        return base + "/phota-mock/phota-mock.sqlite3"
    }

    /// The user's home from the password database, for a process started without `HOME`.
    private static func homeDirectory() -> String {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return "/" }
        return String(cString: directory)
    }
}
