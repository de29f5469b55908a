// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import PhotaAPI
import PhotaApp
import PhotaScheduler

extension TimingPreset: ExpressibleByArgument {}

/// Storage, accounts and the simulated training, as flags. Each flag also has an environment variable,
/// and a JSON config file (`--config`) can hold the scheduler section and the account settings; a
/// flag beats the environment, which beats the file.
struct ServiceOptions: ParsableArguments {
    private static let environment = ProcessInfo.processInfo.environment

    @Option(help: "SQLite file, or :memory:. Env: PHOTA_MOCK_DB. Default: $XDG_DATA_HOME/phota-mock/phota-mock.sqlite3.")
    var db: String = AppConfig.defaultDatabasePath()

    @Option(name: .customLong("api-key"), help: "Accept only this key (repeatable); without any, every non-empty key is its own account. Env: PHOTA_MOCK_API_KEYS (comma-separated).")
    var apiKeys: [String] = []

    @Option(help: "File of accepted API keys, one per line (# comments). Env: PHOTA_MOCK_API_KEYS_FILE.")
    var apiKeysFile: String? = ServiceOptions.environment["PHOTA_MOCK_API_KEYS_FILE"]

    @Option(help: "Prepaid balance of each new account in dollars (e.g. 10.00); default unlimited. Env: PHOTA_MOCK_CREDIT.")
    var credit: Double? = ServiceOptions.environment["PHOTA_MOCK_CREDIT"].flatMap(Double.init)

    @Option(help: "Seed for profile ids, timing jitter and random failures (reproducible runs). Env: PHOTA_MOCK_SEED.")
    var seed: UInt64? = ServiceOptions.environment["PHOTA_MOCK_SEED"].flatMap { UInt64($0) }

    @Option(help: "JSON config file (a \"scheduler\" section and \"api_keys\", \"credit\", \"seed\"). Env: PHOTA_MOCK_CONFIG.")
    var config: String? = ServiceOptions.environment["PHOTA_MOCK_CONFIG"]

    @Option(help: "Training timings: realistic, default or instant. Env: PHOTA_MOCK_PRESET.")
    var preset: TimingPreset? = ServiceOptions.environment["PHOTA_MOCK_PRESET"].flatMap(TimingPreset.init(rawValue:))

    @Option(help: "Simulated seconds per real second (60: a simulated minute each second). Env: PHOTA_MOCK_TIME_SCALE.")
    var timeScale: Double? = ServiceOptions.environment["PHOTA_MOCK_TIME_SCALE"].flatMap(Double.init)

    @Option(help: "Random ± percent applied to every phase duration (seeded). Env: PHOTA_MOCK_JITTER.")
    var jitter: Double? = ServiceOptions.environment["PHOTA_MOCK_JITTER"].flatMap(Double.init)

    @Option(help: "Training slots per account for the fast tier (default 2).")
    var fastSlots: Int?

    @Option(help: "Training slots per account for the standard tier (default 2).")
    var standardSlots: Int?

    @Option(help: "Probability (0–1) that a profile fails at random (seeded). Env: PHOTA_MOCK_FAILURE_PROBABILITY.")
    var failureProbability: Double? = ServiceOptions.environment["PHOTA_MOCK_FAILURE_PROBABILITY"].flatMap(Double.init)

    @Flag(help: "Start with the simulated clock frozen; it then moves only through the admin API.")
    var frozenClock = false

    @Option(help: "Requests kept in the journal (0 turns it off). Env: PHOTA_MOCK_JOURNAL_SIZE.")
    var journalSize: Int = ServiceOptions.environment["PHOTA_MOCK_JOURNAL_SIZE"].flatMap { Int($0) } ?? 10_000

    @Option(help: "Bytes of each body the journal keeps. Env: PHOTA_MOCK_JOURNAL_BODY_LIMIT.")
    var journalBodyLimit: Int = ServiceOptions.environment["PHOTA_MOCK_JOURNAL_BODY_LIMIT"].flatMap { Int($0) } ?? 4096

    @Option(help: "Token the admin API (/_mock) requires; without one it is served on loopback only. Env: PHOTA_MOCK_ADMIN_TOKEN.")
    var adminToken: String? = ServiceOptions.environment["PHOTA_MOCK_ADMIN_TOKEN"]

    @Option(help: "Scenario file, or directory of *.json scenarios, loaded at start. Env: PHOTA_MOCK_FIXTURES.")
    var fixtures: String? = ServiceOptions.environment["PHOTA_MOCK_FIXTURES"]

    /// Builds the service part of the configuration.
    /// - Throws: `ValidationError` for an unreadable file or an out-of-range value.
    func apply(to config: inout AppConfig) throws {
        var file = FileSettings()
        if let path = self.config {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read --config \(path)") }
            do {
                file = try JSONDecoder().decode(FileSettings.self, from: data)
                config.scheduler = try SchedulerConfig.load(json: data)
            } catch {
                throw ValidationError("invalid --config \(path): \(error)")
            }
        }
        config.databasePath = self.db
        let keys = try self.acceptedKeys(file: file)
        config.apiKeys = keys.isEmpty ? .anyKey : .only(Set(keys))
        if let dollars = self.credit ?? file.credit {
            guard dollars >= 0 && dollars.isFinite else { throw ValidationError("--credit must be a non-negative amount") }
            config.defaultBalanceMicros = Int64((dollars * 1_000_000).rounded())
        }
        config.seed = self.seed ?? file.seed
        var overrides = SchedulerConfig()
        overrides.preset = self.preset
        overrides.timeScale = self.timeScale
        overrides.jitterPercent = self.jitter
        overrides.failureProbability = self.failureProbability
        if let slots = self.fastSlots { overrides.fast = TierConfig(slots: slots) }
        if let slots = self.standardSlots { overrides.standard = TierConfig(slots: slots) }
        config.scheduler = config.scheduler.overlaid(with: overrides)
        config.frozenClock = self.frozenClock
        guard self.journalSize >= 0 && self.journalSize <= 10_000_000 else { throw ValidationError("--journal-size must be 0…10000000") }
        guard self.journalBodyLimit >= 0 else { throw ValidationError("--journal-body-limit must not be negative") }
        config.journalCapacity = self.journalSize
        config.journalBodyLimit = self.journalBodyLimit
        config.adminToken = self.adminToken
        config.fixturesPath = self.fixtures
        do {
            _ = try config.scheduler.settings(randomSeed: 0)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    private func acceptedKeys(file: FileSettings) throws -> [String] {
        var keys = self.apiKeys
        if keys.isEmpty, let list = ServiceOptions.environment["PHOTA_MOCK_API_KEYS"] {
            keys = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let path = self.apiKeysFile {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read --api-keys-file \(path)")
            }
            keys += text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        return keys + (file.apiKeys ?? [])
    }

    /// The account settings a config file may hold beside its "scheduler" section.
    private struct FileSettings: Decodable {
        var apiKeys: [String]?
        var credit: Double?
        var seed: UInt64?

        enum CodingKeys: String, CodingKey {
            case apiKeys = "api_keys"
            case credit, seed
        }
    }
}
