// SPDX-License-Identifier: Apache-2.0
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
