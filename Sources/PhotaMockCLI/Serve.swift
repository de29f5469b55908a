// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaApp

/// `phota-mock serve`: runs the server until SIGINT or SIGTERM.
struct Serve {
    /// Built from the options by `Settings.appConfig()`.
    let config: AppConfig
    let logLevel: Logger.Level
    let logFormat: LogFormat

    func run() {
        let level = self.logLevel
        let format = self.logFormat
        LoggingSystem.bootstrap { _ in LineLogHandler(level: level, format: format) }
        let logger = Logger(label: "phota-mock")
        // First, before any thread starts, so that every thread inherits the blocked mask and a
        // signal that arrives during start-up waits for the signal thread instead of killing us.
        let signals = ShutdownSignals()
        let host = self.config.http.host

        let app: Application
        do {
            app = try Application(config: self.config, logger: logger)
        } catch {
            PhotaMock.fail("cannot start: \(error)")
        }
        let port: UInt16
        do {
            port = try app.start()
        } catch {
            PhotaMock.fail("cannot listen on \(host):\(self.config.http.port): \(error)")
        }
        signals.onSignal { signal in
            logger.info("shutting down", metadata: ["signal": "\(signal)"])
            app.shutdown()
        }
        let shown = host.contains(":") ? "[\(host)]" : host
        // The contract test harnesses wait for: this line, on stdout, before anything else.
        PhotaMock.write("phota-mock \(PhotaMock.version) listening on http://\(shown):\(port)\n")
        logger.info(
            "server started",
            metadata: ["host": "\(host)", "port": "\(port)", "threads": "\(self.config.http.eventLoops)"])

        app.wait()
        logger.info("stopped")
    }
}
