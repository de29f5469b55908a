// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials
import Glibc
import PhotaApp

/// The environment variables options are read from: the process's, looked up one at a time with
/// `getenv`, or a fixed set for tests. It also lists the names that start with `PHOTA_MOCK_`, so
/// that one no option reads can be warned about, and says where such warnings go.
public struct Environment: Sendable {
    private let lookup: @Sendable (String) -> String?
    private let listNames: @Sendable () -> [String]
    /// Where a warning line (`warning: …`) goes: stderr for the process, nowhere for a fixed set.
    let warn: @Sendable (String) -> Void

    /// The process's environment; warnings go to stderr.
    public static let process = Environment(
        lookup: { name in getenv(name).map { String(cString: $0) } },
        names: { Array(ProcessInfo.processInfo.environment.keys) },
        warn: { LineLogHandler.standardError("warning: \($0)\n") })

    /// A fixed set of variables; warnings are only returned (`Settings.warnings`), not printed.
    public init(_ values: [String: String]) {
        self.lookup = { values[$0] }
        self.listNames = { Array(values.keys) }
        self.warn = { _ in }
    }

    private init(
        lookup: @escaping @Sendable (String) -> String?, names: @escaping @Sendable () -> [String],
        warn: @escaping @Sendable (String) -> Void
    ) {
        self.lookup = lookup
        self.listNames = names
        self.warn = warn
    }

    /// The variable's text; nil when unset or empty. Empty counts as unset, so `docker run -e NAME=`
    /// and a shell's `NAME= cmd` turn a setting back to its default instead of failing to parse.
    public subscript(name: String) -> String? {
        guard let text = self.lookup(name), !text.isEmpty else { return nil }
        return text
    }

    /// The names of the variables that start with `prefix`, sorted, set or empty.
    func names(withPrefix prefix: String) -> [String] {
        self.listNames().filter { $0.hasPrefix(prefix) }.sorted()
    }
}
