// SPDX-License-Identifier: Apache-2.0

/// What the command line asks for, with the settings resolved.
///
/// ```swift
/// switch try Invocation(CommandLine.arguments.dropFirst()) {
/// case .serve(let settings): try run(settings.appConfig())
/// case .config(let settings, let format): print(ConfigReport(settings).render(format), terminator: "")
/// case .help: print(HelpText.render(), terminator: "")
/// case .version: print(version)
/// }
/// ```
public enum Invocation: Sendable {
    /// `phota-mock [serve] [options]`.
    case serve(Settings)
    /// `phota-mock config [options] [--format text|json]`.
    case config(Settings, ReportFormat)
    /// `--help`, `-h` or `help`, anywhere.
    case help
    /// `--version`, anywhere.
    case version

    /// Parses the arguments (without the program name) and resolves every option.
    /// - Parameters:
    ///   - environment: where the variables are read; the process's by default.
    ///   - options: the table; `Options.all` by default.
    /// - Throws: `ConfigError` naming the flag, variable or key at fault.
    public init(
        _ arguments: some Collection<String>, environment: Environment = .process, options: [OptionSpec] = Options.all
    ) throws(ConfigError) {
        // Asking for help or the version succeeds even beside a mistake, so that `--help` can explain it.
        if let ask = arguments.first(where: { ["--help", "-h", "--version"].contains($0) }) {
            self = ask == "--version" ? .version : .help
            return
        }
        let command = try CommandLineArguments(Array(arguments), options: options)
        if command.command == .help {
            self = .help
            return
        }
        let settings = try Settings(flags: command.values, environment: environment, options: options)
        switch command.command {
        case .config:
            guard let format = ReportFormat(rawValue: command.format ?? "text") else {
                throw ConfigError("--format must be text or json, not \(JSONValue.quoted(command.format ?? ""))")
            }
            self = .config(settings, format)
        default: self = .serve(settings)
        }
    }
}

/// How `phota-mock config` prints.
public enum ReportFormat: String, Sendable {
    /// One line per option: `key = value  (source)`.
    case text
    /// One JSON object.
    case json
}
