// SPDX-License-Identifier: Apache-2.0
import Glibc
import PhotaApp
import PhotaConfig

/// The `phota-mock` command: `serve` (the default), `config`, `health`, `help`, `--version`.
@main
enum PhotaMock {
    static let version = "0.1.0"

    static func main() {
        // `health` has options of its own, none of the table's: it is read before the table's parser sees them.
        if CommandLine.arguments.dropFirst().first == "health" {
            let health: Health
            do {
                health = try Health(CommandLine.arguments.dropFirst(2))
            } catch {
                switch error {
                case .help:
                    Self.write(Health.usage)
                    Glibc.exit(0)
                case .error(let message): Self.fail(message, status: Self.usageError)
                }
            }
            health.run()
        }
        let invocation: Invocation
        do {
            invocation = try Invocation(CommandLine.arguments.dropFirst())
        } catch {
            Self.fail(error.message, status: Self.usageError)
        }
        switch invocation {
        case .help: Self.write(HelpText.render())
        case .version: Self.write(Self.version + "\n")
        case .config(let settings, let format):
            // Built as `serve` would build it, so that `config` fails exactly where `serve` would.
            do {
                _ = try settings.appConfig()
            } catch {
                Self.fail(error.message, status: Self.usageError)
            }
            Self.write(ConfigReport(settings).render(format))
        case .serve(let settings):
            let config: AppConfig
            do {
                config = try settings.appConfig()
            } catch {
                Self.fail(error.message, status: Self.usageError)
            }
            Serve(config: config, logLevel: settings.logLevel, logFormat: settings.logFormat).run()
        }
    }

    /// `EX_USAGE` (sysexits.h) for a bad command line, variable or config file; 1 is kept for failing to start.
    static let usageError: Int32 = 64

    /// Writes `text` to stdout and flushes it.
    static func write(_ text: String) {
        print(text, terminator: "")
        fflush(nil)  // flushes stdout without naming the global the concurrency checker rejects
    }

    /// Prints `error: …` to stderr and exits with `status`.
    static func fail(_ message: String, status: Int32 = 1) -> Never {
        LineLogHandler.standardError("error: \(message)\n")
        Glibc.exit(status)
    }
}
