// SPDX-License-Identifier: Apache-2.0

/// `phota-mock --help`: the subcommands, then every option of the table with its variable, key and default.
public enum HelpText {
    /// The whole text, ending in a newline.
    /// - Parameter options: the table; `Options.all` by default.
    public static func render(_ options: [OptionSpec] = Options.all) -> String {
        var out = """
            OVERVIEW: A local emulator of the Phota API for integration tests and development.

            USAGE: phota-mock <subcommand> [options]

            SUBCOMMANDS:
              serve (default)         Start the server; runs until SIGINT or SIGTERM.
              config                  Print every option's effective value and where it came from
                                      (--format text or json), then exit.
              health                  Probe a running server's GET /_mock/health; exit 0 when healthy
                                      (--url URL or --port PORT, --timeout SECONDS).
              help                    Print this help.

            OPTIONS:
              Each option is a flag, an environment variable and a key of the JSON config file (--config).
              A flag beats its variable, which beats the file, which beats the default; an empty variable
              counts as unset. --name value and --name=value are the same; a flag such as --frozen-clock
              takes no value (--frozen-clock=false turns it off). An unknown flag or key is an error; an
              unknown PHOTA_MOCK_ variable is ignored with a warning.


            """
        for option in options { out += Self.entry(option) }
        out += """
              --version
                  Print the version.
              -h, --help
                  Print this help.

            """
        return out
    }

    /// Three or more lines: the flag, the help text wrapped, the variable, key and default.
    static func entry(_ option: OptionSpec) -> String {
        var flag = "  " + option.flag
        if let placeholder = option.placeholder { flag += " " + placeholder }
        var help = option.help
        if case .list = option.kind { help += " Repeatable; the variable is comma-separated, the key an array." }
        var facts = "env \(option.environmentVariable), "
        facts += option.fileKey.map { "key \($0), " } ?? "no key, "
        facts += "default: \(option.defaultValue.description)"
        return flag + "\n" + Self.wrap(help, indent: 6) + Self.wrap(facts, indent: 6)
    }

    /// `text` broken at spaces into lines of at most 100 columns, each indented.
    static func wrap(_ text: String, indent: Int) -> String {
        let margin = String(repeating: " ", count: indent)
        var out = ""
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && indent + line.count + 1 + word.count > 100 {
                out += margin + line + "\n"
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return out + margin + line + "\n"
    }
}
