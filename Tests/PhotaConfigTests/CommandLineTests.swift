// SPDX-License-Identifier: Apache-2.0
import PhotaConfig
import Testing

/// How the command line is read: subcommands, `--name value` and `--name=value`, bare flags, repeats.
@Suite struct CommandLineTests {
    @Test func bothSpellingsOfAValueAreTheSame() throws {
        let spaced = try ConfigFixture.settings(["--port", "1", "--host", "::1"])
        let joined = try ConfigFixture.settings(["--port=1", "--host=::1"])
        for settings in [spaced, joined] {
            #expect(settings.integer(Options.port) == 1)
            #expect(settings.text(Options.host) == "::1")
        }
        // Only the first `=` splits: the rest belongs to the value.
        #expect(try ConfigFixture.settings(["--admin-token=a=b"]).text(Options.adminToken) == "a=b")
    }

    @Test func aBareFlagIsOnAndTakesNoValue() throws {
        let settings = try ConfigFixture.settings(["--frozen-clock", "--port", "0"])
        #expect(settings.flag(Options.frozenClock))
        #expect(settings.integer(Options.port) == 0)
        #expect(try ConfigFixture.settings(["--fetch-images=off"]).flag(Options.fetchImages) == false)
        #expect(
            ConfigFixture.error(["--frozen-clock=sometimes"])
                == #"--frozen-clock must be 1, true, yes, on, 0, false, no or off, not "sometimes""#)
    }

    @Test func aRepeatableOptionCollectsEveryValue_AndOthersKeepTheLast() throws {
        let settings = try ConfigFixture.settings([
            "--api-key", "a", "--port", "1", "--api-key=b", "--port", "2", "--api-key", "a",
        ])
        #expect(settings.list(Options.apiKey) == ["a", "b", "a"])
        #expect(settings.integer(Options.port) == 2)
    }

    @Test func aNegativeNumberIsAValue() throws {
        #expect(ConfigFixture.error(["--jitter", "-5"]) == "--jitter must be between 0 and 100.")
    }

    @Test func theSubcommandComesFirst() throws {
        guard case .serve(let serve) = try Invocation(["serve", "--port", "1"], environment: Environment([:])) else {
            Issue.record("not serve")
            return
        }
        #expect(serve.integer(Options.port) == 1)
        guard case .config(_, .json) = try Invocation(["config", "--format", "json"], environment: Environment([:]))
        else {
            Issue.record("not config --format json")
            return
        }
        guard case .config(_, .text) = try Invocation(["config"], environment: Environment([:])) else {
            Issue.record("not config")
            return
        }
        #expect(throws: ConfigError(#"--format must be text or json, not "xml""#)) {
            try Invocation(["config", "--format=xml"], environment: Environment([:]))
        }
    }

    @Test func helpAndVersionWinAnywhere() throws {
        for arguments in [
            ["--help"], ["-h"], ["help"], ["serve", "--help"], ["config", "--port", "http", "-h"],
            ["--bogus", "--help"],
        ] {
            guard case .help = try Invocation(arguments, environment: Environment([:])) else {
                Issue.record("\(arguments)")
                continue
            }
        }
        guard case .version = try Invocation(["serve", "--version"], environment: Environment([:])) else {
            Issue.record("--version")
            return
        }
    }
}
