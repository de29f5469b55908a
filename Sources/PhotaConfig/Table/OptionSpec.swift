// SPDX-License-Identifier: Apache-2.0

/// One row of the option table: everything the flag parser, the environment reader, the config
/// file reader, `--help` and `phota-mock config` know about an option.
///
/// The environment variable and the file key follow from the name unless given:
/// `max-body-bytes` is `--max-body-bytes`, `PHOTA_MOCK_MAX_BODY_BYTES` and `"max_body_bytes"`.
public struct OptionSpec: Sendable {
    /// The long name without dashes: `max-body-bytes`.
    public let name: String
    /// What the value is, how it parses and its range.
    public let kind: ValueKind
    /// The value when no source sets it.
    public let defaultValue: OptionDefault
    /// One sentence for `--help`.
    public let help: String
    /// `PHOTA_MOCK_MAX_BODY_BYTES`.
    public let environmentVariable: String
    /// The top-level key in the config file (`max_body_bytes`); nil when the file may not set it.
    public let fileKey: String?
    /// A dotted path in the file read when `fileKey` is absent: `scheduler.timeScale` for `time_scale`,
    /// so that the scheduler section written before these keys existed still counts.
    public let fileAlias: String?
    /// True for a value `phota-mock config` must not print (an API key, the admin token): it shows `"***"`.
    public let isSecret: Bool
    /// `--help`'s placeholder for the value, when the kind's (`<text>`) says too little.
    let placeholderOverride: String?

    /// - Parameters:
    ///   - environment: the variable, when it is not `PHOTA_MOCK_` + the name in upper snake case.
    ///   - key: the file key, when it is not the name in snake case.
    ///   - inFile: false for an option the config file may not hold (`--config` itself).
    ///   - alias: a dotted path in the file read when the key is absent (`scheduler.timeScale`).
    ///   - secret: true for a value `phota-mock config` masks.
    ///   - placeholder: `--help`'s name for the value (`<path>`).
    public init(
        _ name: String, _ kind: ValueKind, default defaultValue: OptionDefault, help: String,
        environment: String? = nil, key: String? = nil, inFile: Bool = true, alias: String? = nil,
        secret: Bool = false, placeholder: String? = nil
    ) {
        let snake = name.replacingDashes(with: "_")
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
        self.environmentVariable = environment ?? "PHOTA_MOCK_" + snake.uppercased()
        self.fileKey = inFile ? key ?? snake : nil
        self.fileAlias = alias
        self.isSecret = secret
        self.placeholderOverride = placeholder
    }

    /// `--max-body-bytes`.
    public var flag: String { "--" + self.name }

    /// The name `phota-mock config` prints: the file key, or the name in snake case.
    public var key: String { self.fileKey ?? self.name.replacingDashes(with: "_") }

    /// `--help`'s placeholder for the value; nil for a bare flag.
    var placeholder: String? { self.placeholderOverride ?? self.kind.placeholder }
}

extension String {
    fileprivate func replacingDashes(with replacement: Character) -> String {
        String(self.map { $0 == "-" ? replacement : $0 })
    }
}
