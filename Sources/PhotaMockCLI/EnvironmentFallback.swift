// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import FoundationEssentials

/// The environment variables behind the flags: a flag on the command line wins over its
/// variable. A variable that is set but does not parse stops the start with an error that names
/// it, as a malformed flag would, instead of being quietly ignored.
struct EnvironmentFallback: Sendable {
    let values: [String: String]

    /// The process's environment.
    static let process = EnvironmentFallback(values: ProcessInfo.processInfo.environment)

    /// The variable's text, if set.
    func string(_ name: String) -> String? {
        self.values[name]
    }

    /// The variable parsed by `parse`; nil when unset.
    /// - Throws: `ValidationError` naming the variable and `expected` when it does not parse.
    func value<T>(_ name: String, expected: String, _ parse: (String) -> T?) throws -> T? {
        guard let text = self.values[name] else { return nil }
        guard let value = parse(text) else { throw ValidationError("\(name) must be \(expected), not \"\(text)\"") }
        return value
    }
}
