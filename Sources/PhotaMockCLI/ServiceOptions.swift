// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import FoundationEssentials
import PhotaAPI
import PhotaApp
import PhotaScheduler

extension TimingPreset: ExpressibleByArgument {}

/// Storage, accounts and the simulated training, as flags. Each flag also has an environment variable,
/// and a JSON config file (`--config`) can hold the scheduler section and the account settings; a
/// flag beats the environment, which beats the file.
struct ServiceOptions: ParsableArguments {
    @Option(help: "SQLite file, or :memory:. Env: PHOTA_MOCK_DB. Default: $XDG_DATA_HOME/phota-mock/phota-mock.sqlite3.")
    var db: String?

    @Option(name: .customLong("api-key"), help: "Accept only this key (repeatable); without any, every non-empty key is its own account. Env: PHOTA_MOCK_API_KEYS (comma-separated).")
    var apiKeys: [String] = []

    @Option(help: "File of accepted API keys, one per line (# comments). Env: PHOTA_MOCK_API_KEYS_FILE.")
    var apiKeysFile: String?

    @Option(help: "Prepaid balance of each new account in dollars (e.g. 10.00); default unlimited. Env: PHOTA_MOCK_CREDIT.")
    var credit: Double?

    @Option(help: "Seed for profile ids, timing jitter and random failures (reproducible runs). Env: PHOTA_MOCK_SEED.")
    var seed: UInt64?

    @Option(help: "JSON config file (a \"scheduler\" section and \"api_keys\", \"credit\", \"seed\"). Env: PHOTA_MOCK_CONFIG.")
    var config: String?

    @Option(help: "Training timings: realistic, default or instant. Env: PHOTA_MOCK_PRESET.")
    var preset: TimingPreset?

    @Option(help: "Simulated seconds per real second (60: a simulated minute each second). Env: PHOTA_MOCK_TIME_SCALE.")
    var timeScale: Double?

    @Option(help: "Random ± percent applied to every phase duration (seeded). Env: PHOTA_MOCK_JITTER.")
    var jitter: Double?

    @Option(help: "Training slots per account for the fast tier (default 2).")
    var fastSlots: Int?

    @Option(help: "Training slots per account for the standard tier (default 2).")
    var standardSlots: Int?

    @Option(help: "Probability (0–1) that a profile fails at random (seeded). Env: PHOTA_MOCK_FAILURE_PROBABILITY.")
    var failureProbability: Double?

    @Flag(help: "Start with the simulated clock frozen; it then moves only through the admin API.")
    var frozenClock = false

    @Option(help: "Requests kept in the journal (0 turns it off; default 10000). Env: PHOTA_MOCK_JOURNAL_SIZE.")
    var journalSize: Int?

    @Option(help: "Bytes of each body the journal keeps (default 4096). Env: PHOTA_MOCK_JOURNAL_BODY_LIMIT.")
    var journalBodyLimit: Int?

    @Option(help: "Token the admin API (/_mock) requires; without one it is served on loopback only. Env: PHOTA_MOCK_ADMIN_TOKEN.")
    var adminToken: String?

    @Option(help: "Scenario file, or directory of *.json scenarios, loaded at start. Env: PHOTA_MOCK_FIXTURES.")
    var fixtures: String?

    /// Builds the service part of the configuration.
    /// - Throws: `ValidationError` for an unreadable file or an out-of-range value.
    func apply(to config: inout AppConfig) throws {
        let env = EnvironmentFallback.process
        var file = FileSettings()
        if let path = self.config ?? env.string("PHOTA_MOCK_CONFIG") {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read --config \(path)") }
            do {
                file = try JSONDecoder().decode(FileSettings.self, from: data)
                config.scheduler = try SchedulerConfig.load(json: data)
            } catch {
                throw ValidationError("invalid --config \(path): \(error)")
            }
        }
        config.databasePath = self.db ?? env.string("PHOTA_MOCK_DB") ?? AppConfig.defaultDatabasePath()
        let keys = try self.acceptedKeys(file: file)
        config.apiKeys = keys.isEmpty ? .anyKey : .only(Set(keys))
        let number = "a number"
        if let dollars = try self.credit ?? env.value("PHOTA_MOCK_CREDIT", expected: "an amount in dollars", Double.init) ?? file.credit {
            guard dollars >= 0 && dollars.isFinite else { throw ValidationError("--credit must be a non-negative amount") }
            config.defaultBalanceMicros = Int64((dollars * 1_000_000).rounded())
        }
        config.seed = try self.seed ?? env.value("PHOTA_MOCK_SEED", expected: "a whole number from 0 to 2^64 - 1") { UInt64($0) } ?? file.seed
        var overrides = SchedulerConfig()
        overrides.preset = try self.preset
            ?? env.value("PHOTA_MOCK_PRESET", expected: "realistic, default or instant", TimingPreset.init(rawValue:))
        overrides.timeScale = try self.timeScale ?? env.value("PHOTA_MOCK_TIME_SCALE", expected: number, Double.init)
        overrides.jitterPercent = try self.jitter ?? env.value("PHOTA_MOCK_JITTER", expected: number, Double.init)
        overrides.failureProbability = try self.failureProbability
            ?? env.value("PHOTA_MOCK_FAILURE_PROBABILITY", expected: number, Double.init)
        if let slots = self.fastSlots { overrides.fast = TierConfig(slots: slots) }
        if let slots = self.standardSlots { overrides.standard = TierConfig(slots: slots) }
        config.scheduler = config.scheduler.overlaid(with: overrides)
        config.frozenClock = self.frozenClock
        let journalSize = try self.journalSize ?? env.value("PHOTA_MOCK_JOURNAL_SIZE", expected: "a whole number") { Int($0) } ?? 10_000
        let bodyLimit = try self.journalBodyLimit ?? env.value("PHOTA_MOCK_JOURNAL_BODY_LIMIT", expected: "a whole number") { Int($0) } ?? 4096
        guard journalSize >= 0 && journalSize <= 10_000_000 else { throw ValidationError("--journal-size must be 0…10000000") }
        guard bodyLimit >= 0 else { throw ValidationError("--journal-body-limit must not be negative") }
        config.journalCapacity = journalSize
        config.journalBodyLimit = bodyLimit
        config.adminToken = self.adminToken ?? env.string("PHOTA_MOCK_ADMIN_TOKEN")
        if let token = config.adminToken, !token.isEmpty, !APIKey.isWellFormed(token) {
            throw ValidationError("--admin-token must be \(APIKey.rule)")
        }
        config.fixturesPath = self.fixtures ?? env.string("PHOTA_MOCK_FIXTURES")
        do {
            _ = try config.scheduler.settings(randomSeed: 0)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    private func acceptedKeys(file: FileSettings) throws -> [String] {
        var keys = self.apiKeys
        if keys.isEmpty, let list = EnvironmentFallback.process.string("PHOTA_MOCK_API_KEYS") {
            keys = list.split(separator: ",").map(Self.trimmed).filter { !$0.isEmpty }
        }
        if let path = self.apiKeysFile ?? EnvironmentFallback.process.string("PHOTA_MOCK_API_KEYS_FILE") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read --api-keys-file \(path)")
            }
            keys += text.split(whereSeparator: \.isNewline).map(Self.trimmed)
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        keys += file.apiKeys ?? []
        // A key outside the rule could never be presented (the header would be refused), and may have a second
        // spelling that Swift's String equality would confuse with it.
        if let bad = keys.first(where: { !APIKey.isWellFormed($0) }) {
            throw ValidationError("API key \(bad.debugDescription) is not \(APIKey.rule)")
        }
        return keys
    }

    /// `text` without the spaces and tabs around it.
    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
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
