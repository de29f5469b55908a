// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaConfig
import Testing

/// Every mistake stops the start with one message that names the flag, variable or key at fault.
@Suite struct ErrorMessageTests {
    @Test func commandLineMistakesNameTheArgument() {
        #expect(ConfigFixture.error(["--bogus"]) == #"unknown option "--bogus""#)
        #expect(ConfigFixture.error(["--bogus=1"]) == #"unknown option "--bogus""#)
        #expect(ConfigFixture.error(["--port"]) == "missing value for --port")
        #expect(ConfigFixture.error(["--port", "--db", "x"]) == "missing value for --port")
        #expect(ConfigFixture.error(["serve", "extra"]) == #"unexpected argument "extra""#)
        #expect(ConfigFixture.error(["--format", "json"]) == #"unknown option "--format""#)
    }

    @Test func aBadValueIsNamedBySourceWithTheSameWording() throws {
        #expect(ConfigFixture.error(["--port", "http"]) == #"--port must be a port number (0–65535), not "http""#)
        #expect(
            ConfigFixture.error([], ["PHOTA_MOCK_PORT": "http"])
                == #"PHOTA_MOCK_PORT must be a port number (0–65535), not "http""#)
        let file = try ConfigFixture.file(#"{"port": "http"}"#)
        #expect(
            ConfigFixture.error(["--config", file])
                == #""port" in --config \#(file) must be a port number (0–65535), not "http""#)
        // A number written as a string is refused, and shown as the file holds it.
        let quoted = try ConfigFixture.file(#"{"port": "8040"}"#)
        #expect(
            ConfigFixture.error(["--config", quoted])
                == #""port" in --config \#(quoted) must be a port number (0–65535), not "8040""#)
    }

    @Test func anOutOfRangeValueStatesTheRange() throws {
        #expect(ConfigFixture.error(["--threads", "0"]) == "--threads must be between 1 and 256.")
        #expect(
            ConfigFixture.error([], ["PHOTA_MOCK_THREADS": "257"]) == "PHOTA_MOCK_THREADS must be between 1 and 256.")
        let file = try ConfigFixture.file(#"{"max_body_bytes": -1}"#)
        #expect(
            ConfigFixture.error(["--config", file]) == #""max_body_bytes" in --config \#(file) must be at least 0."#)
        #expect(ConfigFixture.error(["--credit=-1"]) == "--credit must be a non-negative amount.")
        #expect(ConfigFixture.error(["--idle-timeout", "0"]) == "--idle-timeout must be between 0 and 86400 seconds.")
        #expect(
            ConfigFixture.error(["--failure-probability", "2"]) == "--failure-probability must be between 0 and 1.")
    }

    @Test func theExistingMessagesForVariablesStay() {
        let cases = [
            ("PHOTA_MOCK_CREDIT", "ten", #"PHOTA_MOCK_CREDIT must be an amount in dollars, not "ten""#),
            (
                "PHOTA_MOCK_PRESET", "sometimes",
                #"PHOTA_MOCK_PRESET must be realistic, default or instant, not "sometimes""#
            ),
            ("PHOTA_MOCK_SEED", "-1", #"PHOTA_MOCK_SEED must be a whole number from 0 to 2^64 - 1, not "-1""#),
            ("PHOTA_MOCK_LOG_FORMAT", "xml", #"PHOTA_MOCK_LOG_FORMAT must be text or json, not "xml""#),
            ("PHOTA_MOCK_JOURNAL_SIZE", "many", #"PHOTA_MOCK_JOURNAL_SIZE must be a whole number, not "many""#),
            (
                "PHOTA_MOCK_FETCH_IMAGES", "maybe",
                #"PHOTA_MOCK_FETCH_IMAGES must be 1, true, yes, on, 0, false, no or off, not "maybe""#
            ),
            (
                "PHOTA_MOCK_ADMIN_TOKEN", "\u{212A}",
                "PHOTA_MOCK_ADMIN_TOKEN must be one or more visible ASCII characters (0x21-0x7E), not \"\u{212A}\""
            ),
        ]
        for (name, value, expected) in cases {
            #expect(ConfigFixture.error([], [name: value]) == expected, "\(name)")
        }
    }

    @Test func theConfigFileMustHoldOnlyKnownKeysOfTheRightType() throws {
        let unknown = try ConfigFixture.file(#"{"max_body": 1, "port": 0}"#)
        #expect(ConfigFixture.error(["--config", unknown]) == #"unknown key "max_body" in --config \#(unknown)"#)
        let config = try ConfigFixture.file(#"{"config": "other.json"}"#)
        #expect(ConfigFixture.error(["--config", config]) == #"unknown key "config" in --config \#(config)"#)
        let list = try ConfigFixture.file(#"{"api_keys": "a"}"#)
        #expect(
            ConfigFixture.error(["--config", list])
                == #""api_keys" in --config \#(list) must be an array of strings, not "a""#)
        let flag = try ConfigFixture.file(#"{"frozen_clock": 1}"#)
        #expect(
            ConfigFixture.error(["--config", flag])
                == #""frozen_clock" in --config \#(flag) must be true or false, not 1"#)
        let alias = try ConfigFixture.file(#"{"scheduler": {"jitterPercent": 500}}"#)
        #expect(
            ConfigFixture.error(["--config", alias])
                == #""scheduler.jitterPercent" in --config \#(alias) must be between 0 and 100."#)
        let array = try ConfigFixture.file("[1]")
        #expect(ConfigFixture.error(["--config", array]) == "invalid --config \(array): not a JSON object")
        #expect(ConfigFixture.error(["--config", "/nonexistent/c.json"]) == "cannot read --config /nonexistent/c.json")
        #expect(
            ConfigFixture.error([], ["PHOTA_MOCK_CONFIG": "/nonexistent/c.json"])
                == "cannot read --config /nonexistent/c.json")
    }

    @Test func aMistypedFlagGetsTheNearestOne() {
        #expect(ConfigFixture.error(["--prot", "1"]) == #"unknown option "--prot" (did you mean "--port"?)"#)
        #expect(
            ConfigFixture.error(["--fetch-image"])
                == #"unknown option "--fetch-image" (did you mean "--fetch-images"?)"#)
        #expect(
            ConfigFixture.error(["--time_scale=2"]) == #"unknown option "--time_scale" (did you mean "--time-scale"?)"#)
        #expect(throws: ConfigError(#"unknown option "--formt" (did you mean "--format"?)"#)) {
            try Invocation(["config", "--formt", "json"], environment: Environment([:]))
        }
    }

    @Test func aMistypedKeyGetsTheNearestOne_AtTheTopLevelAndInTheSchedulerSection() throws {
        let cases = [
            (#"{"prot": 1}"#, #"unknown key "prot" in --config FILE (did you mean "port"?)"#),
            (#"{"timeScale": 2}"#, #"unknown key "timeScale" in --config FILE (did you mean "time_scale"?)"#),
            (#"{"schedular": {}}"#, #"unknown key "schedular" in --config FILE (did you mean "scheduler"?)"#),
            (
                #"{"scheduler": {"timescale": 2}}"#,
                #"unknown key "scheduler.timescale" in --config FILE (did you mean "scheduler.timeScale"?)"#
            ),
            (#"{"scheduler": {"bogus": 2}}"#, #"unknown key "scheduler.bogus" in --config FILE"#),
            (
                #"{"scheduler": {"fast": {"trainig": 1}}}"#,
                #"unknown key "scheduler.fast.trainig" in --config FILE (did you mean "scheduler.fast.training"?)"#
            ),
            (
                #"{"scheduler": {"standard": {"slot": 1}}}"#,
                #"unknown key "scheduler.standard.slot" in --config FILE (did you mean "scheduler.standard.slots"?)"#
            ),
            (
                #"{"scheduler": {"standard": {"validate_seconds": 1}}}"#,
                #"unknown key "scheduler.standard.validate_seconds" in --config FILE"#
            ),
            (
                #"{"scheduler": {"randomFailure": {"mesage": "x"}}}"#,
                #"unknown key "scheduler.randomFailure.mesage" in --config FILE (did you mean "scheduler.randomFailure.message"?)"#
            ),
            (
                #"{"scheduler": {"failureRules": [{"phase": "training", "message": "m"}, {"tg": "x"}]}}"#,
                #"unknown key "scheduler.failureRules[1].tg" in --config FILE (did you mean "scheduler.failureRules[1].tag"?)"#
            ),
        ]
        for (json, expected) in cases {
            let path = try ConfigFixture.file(json)
            #expect(
                ConfigFixture.error(["--config", path]) == expected.replacingOccurrences(of: "FILE", with: path),
                "\(json)")
        }
    }

    @Test func theSchedulerSectionIsCheckedLikeTheTopLevel() throws {
        let cases = [
            (#"{"scheduler": 5}"#, #""scheduler" in --config FILE must be an object, not 5"#),
            (#"{"scheduler": {"fast": []}}"#, #""scheduler.fast" in --config FILE must be an object, not []"#),
            (
                #"{"scheduler": {"fast": {"slots": 0}}}"#,
                #""scheduler.fast.slots" in --config FILE must be at least 1."#
            ),
            (
                #"{"scheduler": {"standard": {"training": -1}}}"#,
                #""scheduler.standard.training" in --config FILE must be a finite number of seconds, 0 or more."#
            ),
            (
                #"{"scheduler": {"randomFailure": {"phase": "later"}}}"#,
                #""scheduler.randomFailure.phase" in --config FILE must be validating, queuing or training, not "later""#
            ),
            (
                #"{"scheduler": {"seed": -1}}"#,
                #""scheduler.seed" in --config FILE must be a whole number from 0 to 2^64 - 1, not -1"#
            ),
            (
                #"{"scheduler": {"seed": "7"}}"#,
                #""scheduler.seed" in --config FILE must be a whole number from 0 to 2^64 - 1, not "7""#
            ),
            (
                #"{"scheduler": {"failureRules": {}}}"#,
                #""scheduler.failureRules" in --config FILE must be an array of objects, not {}"#
            ),
            (
                #"{"scheduler": {"failureRules": ["x"]}}"#,
                #""scheduler.failureRules[0]" in --config FILE must be an object, not "x""#
            ),
            (
                #"{"scheduler": {"failureRules": [{"message": "m"}]}}"#,
                #""scheduler.failureRules[0]" in --config FILE must have a "phase": validating, queuing or training"#
            ),
            (
                #"{"scheduler": {"failureRules": [{"phase": "training"}]}}"#,
                #""scheduler.failureRules[0]" in --config FILE must have a "message": a string"#
            ),
            (
                #"{"scheduler": {"failureRules": [{"phase": "end", "message": "m"}]}}"#,
                #""scheduler.failureRules[0].phase" in --config FILE must be validating, queuing or training, not "end""#
            ),
            (
                #"{"scheduler": {"failureRules": [{"phase": "training", "message": "m", "tag": 1}]}}"#,
                #""scheduler.failureRules[0].tag" in --config FILE must be a string, not 1"#
            ),
            (#"{"fast_training": "5"}"#, #""fast_training" in --config FILE must be a number of seconds, not "5""#),
        ]
        for (json, expected) in cases {
            let path = try ConfigFixture.file(json)
            #expect(
                ConfigFixture.error(["--config", path]) == expected.replacingOccurrences(of: "FILE", with: path),
                "\(json)")
        }
    }

    @Test func theSchedulerOptionsNameTheirSourceAndAcceptedValues() {
        #expect(
            ConfigFixture.error(["--fast-training", "-1"])
                == "--fast-training must be a finite number of seconds, 0 or more.")
        #expect(
            ConfigFixture.error(["--standard-queuing", "soon"])
                == #"--standard-queuing must be a number of seconds, not "soon""#)
        #expect(
            ConfigFixture.error([], ["PHOTA_MOCK_RANDOM_FAILURE_PHASE": "later"])
                == #"PHOTA_MOCK_RANDOM_FAILURE_PHASE must be validating, queuing or training, not "later""#)
        #expect(ConfigFixture.error([], ["PHOTA_MOCK_FAST_SLOTS": "0"]) == "PHOTA_MOCK_FAST_SLOTS must be at least 1.")
    }

    /// Other tools may set their own `PHOTA_MOCK_` variables beside the server's: those are warned about, not refused.
    @Test func anUnknownVariableIsAWarningWithTheNearestName() throws {
        let settings = try ConfigFixture.settings(
            [],
            [
                "PHOTA_MOCK_PROT": "1", "PHOTA_MOCK_URL": "http://127.0.0.1:8040", "PHOTA_MOCK_PORT": "2",
                "PHOTA_MOCK_BINARY": "/bin/phota-mock", "PHOTA_MOCK_RELEASE_BINARY": "/bin/phota-mock", "HOME": "/h",
                "PHOTA_MOCK_API_KEY": "k",
            ])
        #expect(
            settings.warnings == [
                "ignoring unknown variable PHOTA_MOCK_API_KEY (did you mean PHOTA_MOCK_API_KEYS?)",
                "ignoring unknown variable PHOTA_MOCK_PROT (did you mean PHOTA_MOCK_PORT?)",
                "ignoring unknown variable PHOTA_MOCK_URL",
            ])
        #expect(settings.integer(Options.port) == 2)
        #expect(try ConfigFixture.settings([], ["PHOTA_MOCK_PORT": "2"]).warnings.isEmpty)
    }

    @Test func apiKeysAreCheckedWhereverTheyComeFrom() throws {
        #expect(
            ConfigFixture.error(["--api-key", "good", "--api-key", "a b"])
                == #"API key "a b" is not one or more visible ASCII characters (0x21-0x7E)"#)
        let keys = try ConfigFixture.file("# team\nok\ncaf\u{E9}\n")
        #expect(
            ConfigFixture.error(["--api-keys-file", keys])
                == #"API key "café" is not one or more visible ASCII characters (0x21-0x7E)"#)
    }
}
