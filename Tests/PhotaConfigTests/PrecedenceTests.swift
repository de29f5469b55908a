// SPDX-License-Identifier: Apache-2.0
import PhotaConfig
import Testing

/// A flag beats its variable, which beats the config file, which beats the default, for options of every kind.
@Suite struct PrecedenceTests {
    /// One option set in some of the sources: (flag arguments, variable, file member), each optional.
    private func resolve(
        _ option: OptionSpec, flag: [String]? = nil, env: String? = nil, file: String? = nil
    ) throws -> Resolved {
        var arguments = flag ?? []
        if let file { arguments += ["--config", try ConfigFixture.file("{\(file)}")] }
        let environment = env.map { [option.environmentVariable: $0] } ?? [:]
        return try ConfigFixture.settings(arguments, environment)[option]
    }

    @Test func aFlagBeatsTheVariableWhichBeatsTheFileWhichBeatsTheDefault_ForAPort() throws {
        #expect(
            try self.resolve(Options.port, flag: ["--port", "1"], env: "2", file: #""port": 3"#).value == .integer(1))
        #expect(try self.resolve(Options.port, env: "2", file: #""port": 3"#).value == .integer(2))
        let fromFile = try self.resolve(Options.port, file: #""port": 3"#)
        #expect(fromFile.value == .integer(3))
        guard case .file(_, let key) = fromFile.source else {
            Issue.record("\(fromFile.source)")
            return
        }
        #expect(key == "port")
        #expect(try self.resolve(Options.port) == Resolved(value: .integer(8040), source: .default))
    }

    @Test func theSameOrderHoldsForAmountsChoicesFlagsAndLists() throws {
        let credit = try self.resolve(Options.credit, flag: ["--credit=1.5"], env: "2", file: #""credit": 3"#)
        #expect(credit == Resolved(value: .number(1.5), source: .flag))
        #expect(try self.resolve(Options.credit, env: "2", file: #""credit": 3"#).source == .environment)
        #expect(try self.resolve(Options.credit).value == nil)

        let format = try self.resolve(Options.logFormat, env: "json", file: #""log_format": "text""#)
        #expect(format == Resolved(value: .text("json"), source: .environment))
        #expect(try self.resolve(Options.logFormat, file: #""log_format": "json""#).value == .text("json"))

        // `--frozen-clock=false` turns off what the variable turned on.
        let frozen = try self.resolve(
            Options.frozenClock, flag: ["--frozen-clock=false"], env: "1", file: #""frozen_clock": true"#)
        #expect(frozen == Resolved(value: .flag(false), source: .flag))
        #expect(try self.resolve(Options.frozenClock, env: "yes").value == .flag(true))
        #expect(try self.resolve(Options.frozenClock, file: #""frozen_clock": true"#).value == .flag(true))

        // A list is taken whole from the first source that has one, not merged.
        let keys = try self.resolve(
            Options.apiKey, flag: ["--api-key", "a", "--api-key=b"], env: "c,d", file: #""api_keys": ["e"]"#)
        #expect(keys == Resolved(value: .list(["a", "b"]), source: .flag))
        #expect(
            try self.resolve(Options.apiKey, env: " c, ,d ", file: #""api_keys": ["e"]"#).value == .list(["c", "d"]))
        #expect(try self.resolve(Options.apiKey, file: #""api_keys": ["e"]"#).value == .list(["e"]))
    }

    @Test func anEmptyVariableOrANullKeyIsUnset() throws {
        #expect(try self.resolve(Options.port, env: "", file: #""port": 3"#).value == .integer(3))
        #expect(try self.resolve(Options.credit, file: #""credit": null"#) == Resolved(value: nil, source: .default))
    }

    @Test func theSchedulerSectionCountsAsTheFile_BelowTheTopLevelKey() throws {
        let section = #""scheduler": {"timeScale": 60, "fast": {"slots": 4}}"#
        let scale = try self.resolve(Options.timeScale, file: section)
        #expect(scale.value == .number(60))
        guard case .file(_, let key) = scale.source else {
            Issue.record("\(scale.source)")
            return
        }
        #expect(key == "scheduler.timeScale")
        #expect(try self.resolve(Options.timeScale, file: section + #", "time_scale": 2"#).value == .number(2))
        #expect(try self.resolve(Options.fastSlots, file: section).value == .integer(4))
        #expect(try self.resolve(Options.timeScale, env: "5", file: section).value == .number(5))
    }

    @Test func theResolvedOptionsReachTheServerConfiguration() throws {
        let path = try ConfigFixture.file(
            #"{"max_body_bytes": 1024, "scheduler": {"preset": "instant", "fast": {"slots": 4}}}"#)
        let settings = try ConfigFixture.settings(
            ["--config", path, "--standard-slots", "3", "--header-timeout", "2.5"],
            ["PHOTA_MOCK_CREDIT": "2", "PHOTA_MOCK_FETCH_IMAGES": "true", "PHOTA_MOCK_THREADS": "3"])
        let config = try settings.appConfig()
        #expect(config.http.limits.maxBodyBytes == 1024)
        #expect(config.http.limits.headerTimeout == .milliseconds(2500))
        #expect(config.http.eventLoops == 3)
        #expect(config.defaultBalanceMicros == 2_000_000)
        #expect(config.fetchImages)
        #expect(config.scheduler.preset == .instant)
        #expect(config.scheduler.fast?.slots == 4)
        #expect(config.scheduler.standard?.slots == 3)
    }

    @Test func theDatabaseDefaultFollowsXDGDataHome() throws {
        let settings = try ConfigFixture.settings([], ["XDG_DATA_HOME": "/data", "HOME": "/home/u"])
        #expect(settings.text(Options.db) == "/data/phota-mock/phota-mock.sqlite3")
        #expect(
            try ConfigFixture.settings([], ["HOME": "/home/u"]).text(Options.db)
                == "/home/u/.local/share/phota-mock/phota-mock.sqlite3")
    }
}
