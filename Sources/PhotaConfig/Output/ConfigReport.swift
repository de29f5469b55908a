// SPDX-License-Identifier: Apache-2.0

/// `phota-mock config`: every option's effective value and its source, one line per option.
///
/// Text lines are `key = value  (source)`: the key as the config file spells it, the value as a JSON
/// literal (`null` when unset), the source `flag --port`, `env PHOTA_MOCK_PORT`, `file PATH` (or
/// `file PATH: scheduler.timeScale` when found under an alias) or `default`. A secret (`api_keys`,
/// `admin_token`) that is set shows as `"***"`, its source as any other.
///
/// ```
/// port = 0  (flag --port)
/// max_body_bytes = 1024  (file /etc/phota-mock.json)
/// credit = null  (default)
/// ```
public struct ConfigReport: Sendable {
    private let settings: Settings

    /// - Parameter settings: the resolved options.
    public init(_ settings: Settings) {
        self.settings = settings
    }

    /// The report in `format`, ending in a newline.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .text: self.text
        case .json: self.json
        }
    }

    /// One `key = value  (source)` line per option, in table order.
    public var text: String {
        self.settings.options.map { option in
            let resolved = self.settings[option]
            return "\(option.key) = \(Self.shown(resolved, option))  (\(Self.origin(resolved.source, option)))\n"
        }.joined()
    }

    /// `{"options": [...]}` with one object per option and line: `key`, `value`, `source` (`flag`, `env`,
    /// `file`, `default`) and, for the first three, `flag`, `env` or `file` and `file_key`.
    public var json: String {
        let rows = self.settings.options.map { option in
            let resolved = self.settings[option]
            var row = "{\"key\":\(JSONValue.quoted(option.key)),\"value\":\(Self.shown(resolved, option))"
            row += ",\"source\":\(JSONValue.quoted(resolved.source.name))"
            switch resolved.source {
            case .flag: row += ",\"flag\":\(JSONValue.quoted(option.flag))"
            case .environment: row += ",\"env\":\(JSONValue.quoted(option.environmentVariable))"
            case .file(let path, let key):
                row += ",\"file\":\(JSONValue.quoted(path)),\"file_key\":\(JSONValue.quoted(key))"
            case .default: break
            }
            return "  " + row + "}"
        }
        return "{\"options\":[\n" + rows.joined(separator: ",\n") + "\n]}\n"
    }

    /// The value as a JSON literal, `null` when unset, `"***"` for a secret that is set.
    private static func shown(_ resolved: Resolved, _ option: OptionSpec) -> String {
        guard let value = resolved.value else { return "null" }
        return option.isSecret ? JSONValue.quoted("***") : value.json
    }

    private static func origin(_ source: Source, _ option: OptionSpec) -> String {
        switch source {
        case .flag: "flag \(option.flag)"
        case .environment: "env \(option.environmentVariable)"
        case .file(let path, let key) where key == option.key: "file \(path)"
        case .file(let path, let key): "file \(path): \(key)"
        case .default: "default"
        }
    }
}
