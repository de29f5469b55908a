// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import PhotaHTTP

/// The HTTP limits as flags; defaults are `ServerLimits`' own.
struct LimitOptions: ParsableArguments {
    @Option(help: "Longest request line in bytes (longer: 414).")
    var maxRequestLine: Int = ServerLimits().maxRequestLineBytes

    @Option(help: "Largest request header block in bytes (larger: 431).")
    var maxHeaderBytes: Int = ServerLimits().maxHeaderBytes

    @Option(help: "Most header fields per request (more: 431).")
    var maxHeaderCount: Int = ServerLimits().maxHeaderCount

    @Option(help: "Largest request body in bytes (larger: 413).")
    var maxBodyBytes: Int = ServerLimits().maxBodyBytes

    @Option(help: "Seconds a request head may take to arrive (then 408 and close).")
    var headerTimeout: Double = 10

    @Option(help: "Seconds a keep-alive connection may stay idle.")
    var idleTimeout: Double = 60

    @Option(help: "Seconds a whole request body may take to arrive (then 408 and close), and a client to read a whole response.")
    var bodyTimeout: Double = 30

    @Option(help: "Most open client connections.")
    var maxConnections: Int = ServerLimits().maxConnections

    @Option(help: "Seconds graceful shutdown waits for in-flight requests.")
    var shutdownGrace: Double = 10

    func validate() throws {
        for (name, value) in [("--max-request-line", self.maxRequestLine), ("--max-header-bytes", self.maxHeaderBytes),
                              ("--max-header-count", self.maxHeaderCount), ("--max-connections", self.maxConnections)]
        where value < 1 {
            throw ValidationError("\(name) must be at least 1.")
        }
        guard self.maxBodyBytes >= 0 else { throw ValidationError("--max-body-bytes must not be negative.") }
        for (name, value) in [("--header-timeout", self.headerTimeout), ("--idle-timeout", self.idleTimeout), ("--body-timeout", self.bodyTimeout),
                              ("--shutdown-grace", self.shutdownGrace)]
        where !(value > 0 && value < 86_400) {
            throw ValidationError("\(name) must be between 0 and 86400 seconds.")
        }
    }

    var serverLimits: ServerLimits {
        var limits = ServerLimits()
        limits.maxRequestLineBytes = self.maxRequestLine
        limits.maxHeaderBytes = self.maxHeaderBytes
        limits.maxHeaderCount = self.maxHeaderCount
        limits.maxBodyBytes = self.maxBodyBytes
        limits.headerTimeout = .milliseconds(Int64(self.headerTimeout * 1000))
        limits.idleTimeout = .milliseconds(Int64(self.idleTimeout * 1000))
        limits.bodyTimeout = .milliseconds(Int64(self.bodyTimeout * 1000))
        limits.maxConnections = self.maxConnections
        limits.shutdownGrace = .milliseconds(Int64(self.shutdownGrace * 1000))
        return limits
    }
}
