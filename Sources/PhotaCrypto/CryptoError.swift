// SPDX-License-Identifier: Apache-2.0

/// Why a cryptographic operation could not be done: libcrypto could not be loaded, or it refused the input.
public struct CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, e.g. `cannot load libcrypto.so.3: libcrypto.so.3: cannot open shared object file: …`.
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
