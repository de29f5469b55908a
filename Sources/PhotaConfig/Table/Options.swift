// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials
import Logging
import PhotaApp
import PhotaHTTP
import PhotaProfiles
import PhotaScheduler

/// The option table: every setting phota-mock takes, once. Flags, environment variables, config-file
/// keys, `--help`, `phota-mock config` and the README's table all come from these rows; defaults are
/// read from the types that own them (`ServerLimits`, `ImageFetchLimits`).
public enum Options {
    // Listening and logging.
    public static let host = OptionSpec(
        "host", .text, default: .value(.text("127.0.0.1")), help: "Address to listen on (IPv4, IPv6 or a name).")
    public static let port = OptionSpec(
        "port", .port, default: .value(.integer(8040)), help: "TCP port; 0 picks a free one.")
    public static let threads = OptionSpec(
        "threads", .integer(1...256), default: .computed("one per core", Options.cores), help: "Event-loop threads.")
    public static let logLevel = OptionSpec(
        "log-level", .choice(Logger.Level.allCases.map(\.rawValue)), default: .value(.text("info")),
        help: "Least severe level logged; info logs one line per request.")
    public static let logFormat = OptionSpec(
        "log-format", .choice(LogFormat.allCases.map(\.rawValue)), default: .value(.text("text")),
        help: "Log line format: text, or json (one object per line).")

    // HTTP limits.
    public static let maxRequestLine = OptionSpec(
        "max-request-line", .integer(1...Int.max), default: .value(.integer(ServerLimits().maxRequestLineBytes)),
        help: "Longest request line in bytes (longer: 414).")
    public static let maxHeaderBytes = OptionSpec(
        "max-header-bytes", .integer(1...Int.max), default: .value(.integer(ServerLimits().maxHeaderBytes)),
        help: "Largest request header block in bytes (larger: 431).")
    public static let maxHeaderCount = OptionSpec(
        "max-header-count", .integer(1...Int.max), default: .value(.integer(ServerLimits().maxHeaderCount)),
        help: "Most header fields per request (more: 431).")
    public static let maxBodyBytes = OptionSpec(
        "max-body-bytes", .integer(0...Int.max), default: .value(.integer(ServerLimits().maxBodyBytes)),
        help: "Largest request body in bytes, after de-chunking (larger: 413).")
    public static let headerTimeout = OptionSpec(
        "header-timeout", .seconds, default: .value(.number(ServerLimits().headerTimeout.seconds)),
        help: "Seconds a request head may take to arrive once started (then 408 and close).")
    public static let idleTimeout = OptionSpec(
        "idle-timeout", .seconds, default: .value(.number(ServerLimits().idleTimeout.seconds)),
        help: "Seconds a keep-alive connection may stay idle between requests.")
    public static let bodyTimeout = OptionSpec(
        "body-timeout", .seconds, default: .value(.number(ServerLimits().bodyTimeout.seconds)),
        help:
            "Seconds a whole request body may take to arrive (then 408 and close), and a client to read a whole response."
    )
    public static let maxConnections = OptionSpec(
        "max-connections", .integer(1...Int.max), default: .value(.integer(ServerLimits().maxConnections)),
        help: "Most open client connections (lowered to what the descriptor limit leaves).")
    public static let shutdownGrace = OptionSpec(
        "shutdown-grace", .seconds, default: .value(.number(ServerLimits().shutdownGrace.seconds)),
        help: "Seconds SIGINT or SIGTERM waits for in-flight requests.")

    // Storage and accounts.
    public static let db = OptionSpec(
        "db", .text, default: .computed("$XDG_DATA_HOME/phota-mock/phota-mock.sqlite3", Options.databasePath),
        help: "SQLite file, or :memory:.", placeholder: "<path>")
    public static let apiKey = OptionSpec(
        "api-key", .list, default: .none("any key"),
        help: "Accept only this key; without any, every well-formed key is its own account.",
        environment: "PHOTA_MOCK_API_KEYS", key: "api_keys", secret: true, placeholder: "<key>")
    public static let apiKeysFile = OptionSpec(
        "api-keys-file", .text, default: .none("none"),
        help: "File of accepted API keys, one per line (# comments), added to the others.", placeholder: "<path>")
    public static let credit = OptionSpec(
        "credit", .dollars, default: .none("unlimited"),
        help: "Prepaid balance of each new account in dollars (e.g. 10.00).")
    public static let seed = OptionSpec(
        "seed", .unsigned, default: .none("random"),
        help: "Seed for profile ids, timing jitter and random failures (reproducible runs).")
    public static let config = OptionSpec(
        "config", .text, default: .none("none"),
        help: "JSON config file: any option's key, and a \"scheduler\" section.",
        inFile: false, placeholder: "<path>")

    // Simulated training.
    public static let preset = OptionSpec(
        "preset", .choice(TimingPreset.allCases.map(\.rawValue)), default: .value(.text("default")),
        help: "Training timings.", alias: "scheduler.preset")
    public static let timeScale = OptionSpec(
        "time-scale", .positive, default: .value(.number(1)),
        help: "Simulated seconds per real second (60: a simulated minute each second).", alias: "scheduler.timeScale")
    public static let jitter = OptionSpec(
        "jitter", .number(0...100), default: .value(.number(0)),
        help: "Random ± percent applied to every phase duration (seeded).", alias: "scheduler.jitterPercent")
    public static let fastSlots = OptionSpec(
        "fast-slots", .integer(1...Int.max), default: .value(.integer(2)),
        help: "Training slots per account for the fast tier.",
        alias: "scheduler.fast.slots")
    public static let standardSlots = OptionSpec(
        "standard-slots", .integer(1...Int.max), default: .value(.integer(2)),
        help: "Training slots per account for the standard tier.", alias: "scheduler.standard.slots")
    public static let fastValidating = Options.phase("fast", "validating", "VALIDATING", \.fast.validating)
    public static let fastQueuing = Options.phase("fast", "queuing", "QUEUING", \.fast.queuing)
    public static let fastTraining = Options.phase("fast", "training", "IN_PROGRESS", \.fast.training)
    public static let standardValidating = Options.phase("standard", "validating", "VALIDATING", \.standard.validating)
    public static let standardQueuing = Options.phase("standard", "queuing", "QUEUING", \.standard.queuing)
    public static let standardTraining = Options.phase("standard", "training", "IN_PROGRESS", \.standard.training)
    public static let failureProbability = OptionSpec(
        "failure-probability", .number(0...1), default: .value(.number(0)),
        help: "Probability that a profile fails at random (seeded).", alias: "scheduler.failureProbability")
    public static let randomFailurePhase = OptionSpec(
        "random-failure-phase", .choice(FailurePhase.allCases.map(\.rawValue)),
        default: .value(.text(SchedulerSettings.defaultRandomFailure.phase.rawValue)),
        help: "The phase at whose end a random failure (--failure-probability) happens.",
        alias: "scheduler.randomFailure.phase")
    public static let randomFailureMessage = OptionSpec(
        "random-failure-message", .text,
        default: .computed("the scheduler's", { _ in .text(SchedulerSettings.defaultRandomFailure.message) }),
        help:
            "The ERROR message of a random failure (\"\(SchedulerSettings.defaultRandomFailure.message)\" unless set).",
        alias: "scheduler.randomFailure.message",
        placeholder: "<message>")
    public static let frozenClock = OptionSpec(
        "frozen-clock", .flag, default: .value(.flag(false)),
        help: "Start with the simulated clock frozen; it then moves only through the admin API.")

    // Image downloads.
    public static let fetchImages = OptionSpec(
        "fetch-images", .flag, default: .value(.flag(false)),
        help:
            "Download every image URL while VALIDATING and fail profiles whose images are unreachable or not JPEG, PNG, WebP or HEIC/HEIF."
    )
    public static let fetchConcurrency = OptionSpec(
        "fetch-concurrency", .integer(1...1024), default: .value(.integer(ImageFetchLimits().maxConcurrent)),
        help: "Most image downloads in flight at once, over all profiles.")
    public static let fetchTimeout = OptionSpec(
        "fetch-timeout", .seconds, default: .value(.number(ImageFetchLimits().timeoutSeconds)),
        help: "Seconds one image download may take, start to last byte.")
    public static let fetchMaxBytes = OptionSpec(
        "fetch-max-bytes", .integer(1...Int.max), default: .value(.integer(ImageFetchLimits().maxBytes)),
        help: "Largest image accepted, in bytes.")

    // The studio.
    public static let studioTime = OptionSpec(
        "studio-time", .seconds, default: .none("preset"),
        help:
            "Simulated seconds each edit, generate, enhance and remix takes (by --preset: 0.2; realistic 30-55; instant 0)."
    )
    public static let fullSizeImages = OptionSpec(
        "full-size-images", .flag, default: .value(.flag(false)),
        help: "Render studio images at their real size (1K/2K/4K long side) instead of a quarter of it.")
    public static let jobSlots = OptionSpec(
        "job-slots", .integer(1...1024), default: .value(.integer(4)),
        help: "Async studio jobs of one account running at once; the rest wait in QUEUED.")

    // The control plane.
    public static let journalSize = OptionSpec(
        "journal-size", .integer(0...10_000_000), default: .value(.integer(10_000)),
        help: "Requests kept in the journal (0 turns it off).")
    public static let journalBodyLimit = OptionSpec(
        "journal-body-limit", .integer(0...Int.max), default: .value(.integer(4096)),
        help: "Bytes of each body the journal keeps.")
    public static let adminToken = OptionSpec(
        "admin-token", .token, default: .none("none"),
        help: "Token the admin API (/_mock) requires; without one it is served on loopback only.", secret: true)
    public static let fixtures = OptionSpec(
        "fixtures", .text, default: .none("none"),
        help: "Scenario file, or directory of *.json scenarios, loaded at start.",
        placeholder: "<path>")

    /// Every option, in the order `--help`, `phota-mock config` and the README list them.
    public static let all: [OptionSpec] = [
        host, port, threads, logLevel, logFormat,
        maxRequestLine, maxHeaderBytes, maxHeaderCount, maxBodyBytes, headerTimeout, idleTimeout, bodyTimeout,
        maxConnections, shutdownGrace,
        db, apiKey, apiKeysFile, credit, seed, config,
        preset, timeScale, jitter, fastSlots, standardSlots, fastValidating, fastQueuing, fastTraining,
        standardValidating, standardQueuing, standardTraining, failureProbability, randomFailurePhase,
        randomFailureMessage, frozenClock,
        fetchImages, fetchConcurrency, fetchTimeout, fetchMaxBytes, studioTime, fullSizeImages, jobSlots,
        journalSize, journalBodyLimit, adminToken, fixtures,
    ]

    /// `--fast-training` and the like: one phase of one tier, by default the preset's, read under
    /// `scheduler.fast.training` too.
    private static func phase(
        _ tier: String, _ phase: String, _ status: String, _ duration: KeyPath<Timings, Double>
    ) -> OptionSpec {
        let byPreset = [TimingPreset.default, .realistic, .instant].map {
            OptionValue.plain($0.timings[keyPath: duration])
        }
        return OptionSpec(
            "\(tier)-\(phase)", .duration, default: .none("preset"),
            help:
                "\(phase == "queuing" ? "Least simulated" : "Simulated") seconds a \(tier)-tier profile spends in \(status) (by --preset: \(byPreset[0]); realistic \(byPreset[1]); instant \(byPreset[2])).",
            alias: "scheduler.\(tier).\(phase)")
    }

    /// The cores this process may use, counting a container's CPU quota (several cgroup reads: only
    /// when `--threads` is not given).
    @Sendable static func cores(_: Environment) -> OptionValue {
        .integer(ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `$XDG_DATA_HOME/phota-mock/phota-mock.sqlite3`, else under `$HOME/.local/share`.
    @Sendable static func databasePath(_ environment: Environment) -> OptionValue {
        var variables: [String: String] = [:]
        for name in ["XDG_DATA_HOME", "HOME"] { variables[name] = environment[name] }
        return .text(AppConfig.defaultDatabasePath(environment: variables))
    }
}

extension Duration {
    /// Whole and fractional seconds.
    fileprivate var seconds: Double {
        Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18
    }
}
