// SPDX-License-Identifier: Apache-2.0

/// A configuration the server cannot start with: an unknown flag or key, a missing or malformed
/// value, an unreadable file. The message names the flag, variable or key and is printed after `error: `.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole message, e.g. `unknown option "--bogus"`.
    public let message: String

    /// - Parameter message: the text printed after `error: `.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { self.message }
}
