// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Dispatch
import Foundation
import Logging
import PhotaApp
import PhotaHTTP

extension LogFormat: ExpressibleByArgument {}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// `phota-mock serve`: runs the server until SIGINT or SIGTERM.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the server (the default command).")

    @Option(help: "Address to listen on. Env: PHOTA_MOCK_HOST.")
    var host: String = ProcessInfo.processInfo.environment["PHOTA_MOCK_HOST"] ?? "127.0.0.1"

    @Option(help: "TCP port; 0 picks a free one. Env: PHOTA_MOCK_PORT.")
    var port: UInt16 = UInt16(ProcessInfo.processInfo.environment["PHOTA_MOCK_PORT"] ?? "") ?? 8040

    @Option(help: "Event-loop threads (default: one per core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var limits: LimitOptions

    @Option(help: "Least severe level logged: trace, debug, info, notice, warning, error, critical. Env: PHOTA_MOCK_LOG_LEVEL.")
    var logLevel: Logger.Level = Logger.Level(rawValue: ProcessInfo.processInfo.environment["PHOTA_MOCK_LOG_LEVEL"] ?? "") ?? .info

    @Option(help: "Log line format: text or json. Env: PHOTA_MOCK_LOG_FORMAT.")
    var logFormat: LogFormat = LogFormat(rawValue: ProcessInfo.processInfo.environment["PHOTA_MOCK_LOG_FORMAT"] ?? "") ?? .text

    func validate() throws {
        guard self.threads >= 1 && self.threads <= 256 else { throw ValidationError("--threads must be between 1 and 256.") }
        try self.limits.validate()
    }

    func run() throws {
        let signals = Self.blockShutdownSignals()
        let level = self.logLevel
        let format = self.logFormat
        LoggingSystem.bootstrap { _ in LineLogHandler(level: level, format: format) }
        let logger = Logger(label: "phota-mock")

        var config = AppConfig()
        config.http.host = self.host
        config.http.port = self.port
        config.http.eventLoops = self.threads
        config.http.limits = self.limits.serverLimits

        let app = Application(config: config, logger: logger)
        let port: UInt16
        do {
            port = try app.start()
        } catch {
            throw CleanExit.message("error: cannot listen on \(self.host):\(self.port): \(error)")
        }
        let shown = self.host.contains(":") ? "[\(self.host)]" : self.host
        // The contract test harnesses wait for: this line, on stdout, before anything else.
        print("phota-mock \(PhotaMock.version) listening on http://\(shown):\(port)")
        fflush(nil)  // flushes stdout without naming the global the concurrency checker rejects
        logger.info("server started", metadata: ["host": "\(self.host)", "port": "\(port)", "threads": "\(self.threads)"])

        Self.waitForSignals(signals) { signal in
            logger.info("shutting down", metadata: ["signal": "\(signal)"])
            app.shutdown()
        }
        app.wait()
        logger.info("stopped")
    }

    /// Blocks SIGINT and SIGTERM in the calling thread before any other thread starts, so every
    /// thread inherits the mask and the signals stay pending for `sigwait`; ignores SIGPIPE (writes
    /// use MSG_NOSIGNAL too). Setting them to SIG_IGN instead would make the kernel discard them,
    /// and Linux's libdispatch signal sources would never fire.
    private static func blockShutdownSignals() -> sigset_t {
        signal(SIGPIPE, SIG_IGN)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        return set
    }

    /// SIGINT and SIGTERM start a graceful shutdown: a thread waits for them and calls `handler`.
    private static func waitForSignals(_ signals: sigset_t, _ handler: @escaping @Sendable (Int32) -> Void) {
        let thread = Thread {
            var set = signals
            var number: Int32 = 0
            while sigwait(&set, &number) == 0 { handler(number) }
        }
        thread.name = "phota-signals"
        thread.start()
    }
}
