// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Dispatch
import FoundationEssentials
import Glibc
import Logging
import PhotaApp
import PhotaHTTP

extension LogFormat: ExpressibleByArgument {}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// `phota-mock serve`: runs the server until SIGINT or SIGTERM.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the server (the default command).")

    @Option(help: "Address to listen on (default 127.0.0.1). Env: PHOTA_MOCK_HOST.")
    var host: String?

    @Option(help: "TCP port; 0 picks a free one (default 8040). Env: PHOTA_MOCK_PORT.")
    var port: UInt16?

    @Option(help: "Event-loop threads (default: one per core the process may use).")
    var threads: Int?

    /// `--threads`, else the cores this process may use, counting a container's CPU quota. Read here, once:
    /// as a property default it was computed on every parse pass, four cgroup reads each.
    private var eventLoops: Int { self.threads ?? ProcessInfo.processInfo.activeProcessorCount }

    @OptionGroup var limits: LimitOptions

    @OptionGroup var service: ServiceOptions

    @OptionGroup var fetch: FetchOptions

    @Option(help: "Least severe level logged: trace, debug, info, notice, warning, error, critical (default info). Env: PHOTA_MOCK_LOG_LEVEL.")
    var logLevel: Logger.Level?

    @Option(help: "Log line format: text or json (default text). Env: PHOTA_MOCK_LOG_FORMAT.")
    var logFormat: LogFormat?

    /// The listening address, port and log settings: flag, else environment, else default.
    private struct Resolved {
        var host: String
        var port: UInt16
        var logLevel: Logger.Level
        var logFormat: LogFormat
    }

    private func resolve(_ env: EnvironmentFallback = .process) throws -> Resolved {
        Resolved(
            host: self.host ?? env.string("PHOTA_MOCK_HOST") ?? "127.0.0.1",
            port: try self.port ?? env.value("PHOTA_MOCK_PORT", expected: "a port number (0–65535)") { UInt16($0) } ?? 8040,
            logLevel: try self.logLevel
                ?? env.value("PHOTA_MOCK_LOG_LEVEL", expected: "trace, debug, info, notice, warning, error or critical") {
                    Logger.Level(rawValue: $0)
                } ?? .info,
            logFormat: try self.logFormat ?? env.value("PHOTA_MOCK_LOG_FORMAT", expected: "text or json") { LogFormat(rawValue: $0) } ?? .text
        )
    }

    func validate() throws {
        _ = try self.resolve()
        guard self.threads.map({ (1...256).contains($0) }) ?? true else { throw ValidationError("--threads must be between 1 and 256.") }
        try self.limits.validate()
        try self.fetch.validate()
    }

    func run() throws {
        let resolved = try self.resolve()
        let level = resolved.logLevel
        let format = resolved.logFormat
        LoggingSystem.bootstrap { _ in LineLogHandler(level: level, format: format) }
        let logger = Logger(label: "phota-mock")
        // First, before any thread starts, so that every thread inherits the blocked mask and a
        // signal that arrives during start-up waits for the signal thread instead of killing us.
        let signals = ShutdownSignals()

        var config = AppConfig()
        config.http.host = resolved.host
        config.http.port = resolved.port
        config.http.eventLoops = self.eventLoops
        config.http.limits = self.limits.serverLimits
        try self.service.apply(to: &config)
        self.fetch.apply(to: &config)

        let app: Application
        do {
            app = try Application(config: config, logger: logger)
        } catch {
            Self.fail("cannot start: \(error)")
        }
        let port: UInt16
        do {
            port = try app.start()
        } catch {
            Self.fail("cannot listen on \(resolved.host):\(resolved.port): \(error)")
        }
        signals.onSignal { signal in
            logger.info("shutting down", metadata: ["signal": "\(signal)"])
            app.shutdown()
        }
        let shown = resolved.host.contains(":") ? "[\(resolved.host)]" : resolved.host
        // The contract test harnesses wait for: this line, on stdout, before anything else.
        print("phota-mock \(PhotaMock.version) listening on http://\(shown):\(port)")
        fflush(nil)  // flushes stdout without naming the global the concurrency checker rejects
        logger.info("server started", metadata: ["host": "\(resolved.host)", "port": "\(port)", "threads": "\(self.eventLoops)"])

        app.wait()
        logger.info("stopped")
    }

    /// Prints `error: …` to stderr and exits with status 1.
    private static func fail(_ message: String) -> Never {
        LineLogHandler.standardError("error: \(message)\n")
        Glibc.exit(1)
    }
}
