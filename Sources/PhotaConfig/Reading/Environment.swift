// SPDX-License-Identifier: Apache-2.0
import Glibc

/// The environment variables options are read from: the process's, looked up one at a time with
/// `getenv` (nothing copies the whole environment), or a fixed set for tests.
public struct Environment: Sendable {
    private let lookup: @Sendable (String) -> String?

    /// The process's environment.
    public static let process = Environment { name in getenv(name).map { String(cString: $0) } }

    /// A fixed set of variables.
    public init(_ values: [String: String]) {
        self.lookup = { values[$0] }
    }

    private init(lookup: @escaping @Sendable (String) -> String?) {
        self.lookup = lookup
    }

    /// The variable's text; nil when unset or empty. Empty counts as unset, so `docker run -e NAME=`
    /// and a shell's `NAME= cmd` turn a setting back to its default instead of failing to parse.
    public subscript(name: String) -> String? {
        guard let text = self.lookup(name), !text.isEmpty else { return nil }
        return text
    }
}
