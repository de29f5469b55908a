// SPDX-License-Identifier: Apache-2.0
internal import CCrypto

/// Debian's libcrypto (OpenSSL 3), opened with dlopen the first time something is signed rather than
/// linked: a server that signs nothing never maps it, and the executable's start-up stays as cheap as before.
public final class CryptoLibrary: Sendable {
    /// The soname of OpenSSL 3's libcrypto (Debian's `libssl3`).
    static let defaultName = "libcrypto.so.3"

    /// The default library, opened once, on first access (Swift initializes a static `let` exactly once,
    /// thread-safely), and never closed.
    static let system = CryptoLibrary.open(CryptoLibrary.defaultName)

    // An immutable table of function pointers, never freed: safe to read from any thread.
    nonisolated(unsafe) let api: OpaquePointer
    /// Its version, e.g. `OpenSSL 3.0.19 …`.
    let version: String

    private init(api: OpaquePointer) {
        self.api = api
        self.version = String(cString: phota_crypto_version(api))
    }

    /// Opens libcrypto now rather than on the first signature, so that a program that needs it can refuse
    /// to start without it instead of failing each request.
    /// - Returns: OpenSSL's version string, e.g. `OpenSSL 3.0.19 …`.
    /// - Throws: ``CryptoError`` naming the library and why it could not be used.
    @discardableResult
    public static func load() throws(CryptoError) -> String {
        try system.get().version
    }

    /// The default library when `name` is its name, else `name` opened anew (tests of a missing library).
    static func named(_ name: String) -> Result<CryptoLibrary, CryptoError> {
        name == Self.defaultName ? Self.system : Self.open(name)
    }

    private static func open(_ name: String) -> Result<CryptoLibrary, CryptoError> {
        var message = [CChar](repeating: 0, count: 512)
        guard let api = phota_crypto_open(name, &message, message.count) else {
            return .failure(CryptoError(message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }))
        }
        return .success(CryptoLibrary(api: api))
    }
}
