// SPDX-License-Identifier: Apache-2.0
import Glibc
import Logging
import PhotaHTTP

/// How log lines are written.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `2026-01-01T00:00:00.000Z info request http.method=GET …`
    case text
    /// One JSON object per line: `{"ts":…,"level":…,"msg":…, metadata…}`
    case json
}

/// A swift-log handler writing one line per event to a file handle (stderr by default).
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let format: LogFormat
    private let sink: @Sendable (String) -> Void

    /// - Parameters:
    ///   - sink: receives each finished line, newline included.
    public init(
        level: Logger.Level, format: LogFormat,
        sink: @escaping @Sendable (String) -> Void = LineLogHandler.standardError
    ) {
        self.logLevel = level
        self.format = format
        self.sink = sink
    }

    /// Writes a line to standard error in one `write` call, so lines from several threads never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        var line = line
        line.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = self.metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        let keys = all.keys.sorted()
        let timestamp = ISOTimestamp.format(milliseconds: ISOTimestamp.nowMilliseconds())
        switch self.format {
        case .text:
            var line = "\(timestamp) \(event.level) \(event.message)"
            for key in keys { line += " \(key)=\(all[key]!)" }
            self.sink(line + "\n")
        case .json:
            var line =
                "{\"ts\":\"\(timestamp)\",\"level\":\"\(event.level)\",\"msg\":\(JSONText.quote(event.message.description))"
            for key in keys { line += ",\(JSONText.quote(key)):\(JSONText.quote(all[key]!.description))" }
            self.sink(line + "}\n")
        }
    }
}
