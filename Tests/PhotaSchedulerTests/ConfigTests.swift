// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaScheduler
import Testing

@Suite struct ConfigTests {
    @Test func emptyConfigResolvesToDefaults() throws {
        let settings = try SchedulerConfig().settings(randomSeed: 11)
        #expect(
            settings == SchedulerSettings(timings: .default, fastSlots: 2, standardSlots: 2, timeScale: 1, seed: 11))
    }

    @Test func loadsTheSectionAndOverridesThePresetFieldByField() throws {
        let json = """
            {"http": {"port": 1}, "scheduler": {
              "preset": "realistic", "timeScale": 60, "jitterPercent": 5, "seed": 42,
              "fast": {"training": 120, "slots": 4}, "standard": {"queuing": 0},
              "failureProbability": 0.25, "randomFailure": {"phase": "queuing", "message": "Lost"},
              "failureRules": [{"tag": "broken", "phase": "training", "message": "Boom"},
                               {"apiKey": "k2", "phase": "validating", "message": "Nope"}]}}
            """
        let config = try SchedulerConfig.load(json: Data(json.utf8))
        let settings = try config.settings()
        #expect(settings.timings.fast == PhaseDurations(validating: 20, queuing: 10, training: 120))
        #expect(settings.timings.standard == PhaseDurations(validating: 20, queuing: 0, training: 480))
        #expect(settings.timings.jitterPercent == 5)
        #expect(settings.fastSlots == 4)
        #expect(settings.standardSlots == 2)
        #expect(settings.timeScale == 60)
        #expect(settings.seed == 42)
        #expect(settings.failureProbability == 0.25)
        #expect(settings.randomFailure == PlannedFailure(phase: .queuing, message: "Lost"))
        #expect(
            settings.failureRules == [
                FailureRule(tag: "broken", phase: .training, message: "Boom"),
                FailureRule(apiKey: "k2", phase: .validating, message: "Nope"),
            ])
    }

    @Test func missingSectionIsEmptyAndOtherSectionNamesWork() throws {
        #expect(try SchedulerConfig.load(json: Data(#"{"http": {}}"#.utf8)) == SchedulerConfig())
        let config = try SchedulerConfig.load(json: Data(#"{"sim": {"preset": "instant"}}"#.utf8), section: "sim")
        #expect(config.timings == .instant)
    }

    @Test func overlayReplacesOnlyTheKeysItSets() throws {
        var file = SchedulerConfig()
        file.preset = .realistic
        file.fast = TierConfig(validating: 1, slots: 3)
        file.seed = 1
        var flags = SchedulerConfig()
        flags.fast = TierConfig(training: 2)
        flags.timeScale = 30
        let merged = file.overlaid(with: flags)
        #expect(merged.preset == .realistic)
        #expect(merged.fast == TierConfig(validating: 1, training: 2, slots: 3))
        #expect(merged.seed == 1)
        #expect(merged.timeScale == 30)
        #expect(merged.timings.fast == PhaseDurations(validating: 1, queuing: 10, training: 2))
    }

    @Test func invalidValuesNameTheirKey() throws {
        func failure(_ json: String) throws -> String? {
            do {
                _ = try SchedulerConfig.load(json: Data("{\"scheduler\": \(json)}".utf8)).settings(randomSeed: 0)
                return nil
            } catch let error as SchedulerError {
                return error.description
            }
        }
        #expect(
            try failure(#"{"fast": {"training": -1}}"#)
                == "scheduler config 'fast.training': must be a finite number >= 0, not -1.0")
        #expect(try failure(#"{"standard": {"slots": 0}}"#) == "scheduler config 'standard.slots': must be >= 1, not 0")
        #expect(
            try failure(#"{"jitterPercent": 150}"#)
                == "scheduler config 'jitterPercent': must be within 0...100, not 150.0")
        #expect(
            try failure(#"{"timeScale": 0}"#) == "scheduler config 'timeScale': must be a finite number > 0, not 0.0")
        #expect(
            try failure(#"{"failureProbability": 2}"#)
                == "scheduler config 'failureProbability': must be within 0...1, not 2.0")
        #expect(throws: DecodingError.self) {
            try SchedulerConfig.load(json: Data(#"{"scheduler": {"preset": "slow"}}"#.utf8))
        }
    }
}
