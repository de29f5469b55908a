// SPDX-License-Identifier: Apache-2.0
import PhotaConfig
import PhotaScheduler
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

    /// Three different values of the option's kind, as (flag text, variable text, file JSON) with what each
    /// parses to.
    private func samples(_ option: OptionSpec) -> [(text: String, json: String, value: OptionValue)] {
        switch option.kind {
        case .text, .token: return ["a", "b", "c"].map { ($0, "\"\($0)\"", .text($0)) }
        case .choice(let words):
            return [0, 1, 2].map { words[$0 % words.count] }.map { ($0, "\"\($0)\"", .text($0)) }
        case .port, .unsigned:
            return [1, 2, 3].map { ("\($0)", "\($0)", option.kind.isUnsigned ? .unsigned(UInt64($0)) : .integer($0)) }
        case .integer(let range):
            return [1, 2, 3].map { range.lowerBound + $0 }.map { ("\($0)", "\($0)", .integer($0)) }
        case .number(let range):
            return [0.25, 0.5, 0.75].map { range.lowerBound + (range.upperBound - range.lowerBound) * $0 }.map {
                ("\($0)", "\($0)", .number($0))
            }
        case .positive, .seconds, .duration, .dollars: return [1.5, 2.5, 3.5].map { ("\($0)", "\($0)", .number($0)) }
        case .flag: return [("true", "true", .flag(true)), ("0", "false", .flag(false)), ("1", "true", .flag(true))]
        case .list:
            return [
                ("a", #"["a"]"#, .list(["a"])), ("b,c", #"["b","c"]"#, .list(["b", "c"])),
                ("d", #"["d"]"#, .list(["d"])),
            ]
        }
    }

    /// Every option of the table but `config` itself (no key: a file cannot name a file), each level in turn.
    @Test(arguments: Options.all.filter { $0.fileKey != nil })
    func everyOptionTakesTheFlagOverTheVariableOverTheFileOverTheDefault(_ option: OptionSpec) throws {
        let samples = self.samples(option)
        let flag = ["\(option.flag)=\(samples[0].text)"]
        let member = "\"\(option.fileKey!)\": \(samples[2].json)"
        let all = try self.resolve(option, flag: flag, env: samples[1].text, file: member)
        #expect(all == Resolved(value: samples[0].value, source: .flag))
        let noFlag = try self.resolve(option, env: samples[1].text, file: member)
        #expect(noFlag == Resolved(value: samples[1].value, source: .environment))
        let fileOnly = try self.resolve(option, file: member)
        #expect(fileOnly.value == samples[2].value)
        guard case .file(_, let key) = fileOnly.source else {
            Issue.record("\(fileOnly.source)")
            return
        }
        #expect(key == option.fileKey)
        #expect(try self.resolve(option).source == .default)
    }

    /// An option read under the scheduler section too: the top-level key beats the section, the variable both.
    @Test(arguments: Options.all.filter { $0.fileAlias != nil })
    func theSectionAliasIsBelowTheTopLevelKey(_ option: OptionSpec) throws {
        let samples = self.samples(option)
        var section = samples[2].json
        for part in option.fileAlias!.split(separator: ".").reversed() { section = "{\"\(part)\": \(section)}" }
        section = String(section.dropFirst().dropLast())
        let fromSection = try self.resolve(option, file: section)
        #expect(fromSection.value == samples[2].value)
        guard case .file(_, let key) = fromSection.source else {
            Issue.record("\(fromSection.source)")
            return
        }
        #expect(key == option.fileAlias)
        let member = "\"\(option.fileKey!)\": \(samples[1].json)"
        #expect(try self.resolve(option, file: member + ", " + section).value == samples[1].value)
        #expect(try self.resolve(option, env: samples[0].text, file: member + ", " + section).source == .environment)
    }

    @Test func theSchedulerOptionsAndTheSectionReachTheSchedulerConfiguration() throws {
        let path = try ConfigFixture.file(
            #"""
            {"fast_queuing": 3, "scheduler": {"preset": "realistic", "seed": 7, "standard": {"queuing": 4},
             "randomFailure": {"message": "Boom"},
             "failureRules": [{"tag": "t", "phase": "validating", "message": "Bad"}, {"apiKey": "k", "phase": "queuing",
             "message": "Late"}]}}
            """#)
        let settings = try ConfigFixture.settings(
            ["--config", path, "--fast-training", "7", "--standard-validating=0"],
            ["PHOTA_MOCK_RANDOM_FAILURE_PHASE": "validating"])
        let scheduler = try settings.appConfig().scheduler
        #expect(scheduler.preset == .realistic)
        #expect(scheduler.fast == TierConfig(validating: nil, queuing: 3, training: 7, slots: 2))
        #expect(scheduler.standard == TierConfig(validating: 0, queuing: 4, training: nil, slots: 2))
        #expect(scheduler.randomFailure == PlannedFailure(phase: .validating, message: "Boom"))
        #expect(scheduler.seed == 7)
        #expect(
            scheduler.failureRules == [
                FailureRule(tag: "t", phase: .validating, message: "Bad"),
                FailureRule(apiKey: "k", phase: .queuing, message: "Late"),
            ])
        let timings = try scheduler.settings(randomSeed: 0).timings
        #expect(timings.fast == PhaseDurations(validating: 20, queuing: 3, training: 7))
        #expect(timings.standard == PhaseDurations(validating: 0, queuing: 4, training: 480))

        let defaults = try ConfigFixture.settings([]).appConfig().scheduler
        #expect(defaults.randomFailure == SchedulerSettings.defaultRandomFailure)
        #expect(defaults.seed == nil)
        #expect(defaults.failureRules == nil)
        #expect(try defaults.settings(randomSeed: 0).timings == Timings.default)
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

extension ValueKind {
    fileprivate var isUnsigned: Bool {
        if case .unsigned = self { return true }
        return false
    }
}
