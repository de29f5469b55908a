// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials
import Logging
import PhotaAPIKit
import PhotaApp
import PhotaHTTP
import PhotaProfiles
import PhotaScheduler

extension Settings {
    /// The server's configuration from the resolved options, the API keys file and the file's scheduler section.
    /// - Throws: `ConfigError` for an unreadable keys file, a malformed API key, or scheduler settings that do not validate.
    public func appConfig() throws(ConfigError) -> AppConfig {
        var config = AppConfig()
        config.http.host = self.text(Options.host)!
        config.http.port = UInt16(self.integer(Options.port)!)
        config.http.eventLoops = self.integer(Options.threads)!
        config.http.limits = self.serverLimits
        config.databasePath = self.text(Options.db)!
        let keys = try self.acceptedKeys()
        config.apiKeys = keys.isEmpty ? .anyKey : .only(Set(keys))
        config.defaultBalanceMicros = self.number(Options.credit).map { Int64(($0 * 1_000_000).rounded()) }
        config.seed = self.unsigned(Options.seed)
        config.scheduler = try self.scheduler()
        config.frozenClock = self.flag(Options.frozenClock)
        config.journalCapacity = self.integer(Options.journalSize)!
        config.journalBodyLimit = self.integer(Options.journalBodyLimit)!
        config.adminToken = self.text(Options.adminToken)
        config.fixturesPath = self.text(Options.fixtures)
        config.fetchImages = self.flag(Options.fetchImages)
        config.imageFetch = ImageFetchLimits(
            maxConcurrent: self.integer(Options.fetchConcurrency)!, timeoutSeconds: self.number(Options.fetchTimeout)!,
            maxBytes: self.integer(Options.fetchMaxBytes)!)
        config.studioSeconds = self.number(Options.studioTime)
        config.fullSizeImages = self.flag(Options.fullSizeImages)
        config.jobSlots = self.integer(Options.jobSlots)!
        return config
    }

    /// `--log-level`.
    public var logLevel: Logger.Level { Logger.Level(rawValue: self.text(Options.logLevel)!)! }

    /// `--log-format`.
    public var logFormat: LogFormat { LogFormat(rawValue: self.text(Options.logFormat)!)! }

    private var serverLimits: ServerLimits {
        var limits = ServerLimits()
        limits.maxRequestLineBytes = self.integer(Options.maxRequestLine)!
        limits.maxHeaderBytes = self.integer(Options.maxHeaderBytes)!
        limits.maxHeaderCount = self.integer(Options.maxHeaderCount)!
        limits.maxBodyBytes = self.integer(Options.maxBodyBytes)!
        limits.headerTimeout = self.duration(Options.headerTimeout)
        limits.idleTimeout = self.duration(Options.idleTimeout)
        limits.bodyTimeout = self.duration(Options.bodyTimeout)
        limits.maxConnections = self.integer(Options.maxConnections)!
        limits.shutdownGrace = self.duration(Options.shutdownGrace)
        return limits
    }

    private func duration(_ option: OptionSpec) -> Duration {
        .milliseconds(Int64(self.number(option)! * 1000))
    }

    /// The scheduler's configuration: the options (each read from the section's alias when no flag, variable or
    /// top-level key sets it), and the section's own `seed` and `failureRules`. A phase duration no source sets
    /// stays nil, so that the preset brings its own.
    private func scheduler() throws(ConfigError) -> SchedulerConfig {
        var scheduler = SchedulerConfig()
        scheduler.preset = TimingPreset(rawValue: self.text(Options.preset)!)
        scheduler.timeScale = self.number(Options.timeScale)
        scheduler.jitterPercent = self.number(Options.jitter)
        scheduler.failureProbability = self.number(Options.failureProbability)
        scheduler.fast = TierConfig(
            validating: self.number(Options.fastValidating), queuing: self.number(Options.fastQueuing),
            training: self.number(Options.fastTraining), slots: self.integer(Options.fastSlots))
        scheduler.standard = TierConfig(
            validating: self.number(Options.standardValidating), queuing: self.number(Options.standardQueuing),
            training: self.number(Options.standardTraining), slots: self.integer(Options.standardSlots))
        scheduler.randomFailure = PlannedFailure(
            phase: FailurePhase(rawValue: self.text(Options.randomFailurePhase)!)!,
            message: self.text(Options.randomFailureMessage)!)
        scheduler.seed = try self.file?.schedulerSeed()
        scheduler.failureRules = try self.file?.failureRules()
        do {
            _ = try scheduler.settings(randomSeed: 0)
        } catch {
            throw ConfigError("\(error)")
        }
        return scheduler
    }

    /// `--api-key` (or its variable or key) and the lines of `--api-keys-file`, each well-formed.
    private func acceptedKeys() throws(ConfigError) -> [String] {
        var keys = self.list(Options.apiKey)
        if let path = self.text(Options.apiKeysFile) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigError("cannot read --api-keys-file \(path)")
            }
            keys += String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(ValueReader.trimmed)
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        // A key outside the rule could never be presented (the header would be refused), and may have a second
        // spelling that Swift's String equality would confuse with it.
        if let bad = keys.first(where: { !APIKey.isWellFormed($0) }) {
            throw ConfigError("API key \(bad.debugDescription) is not \(APIKey.rule)")
        }
        return keys
    }
}
