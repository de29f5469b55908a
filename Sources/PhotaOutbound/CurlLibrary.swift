// SPDX-License-Identifier: Apache-2.0
internal import CCurl

/// libcurl, opened with dlopen the first time a transfer needs it rather than linked: a process that
/// never sends anything never maps it, nor the thirty-odd libraries it needs itself.
final class CurlLibrary: Sendable {
    /// The soname of libcurl's current ABI (Debian's `libcurl4`).
    static let defaultName = "libcurl.so.4"

    /// The default library, opened once, on first access (Swift initializes a static `let` exactly once,
    /// which also keeps `curl_global_init` from running twice at once on libcurl before 7.84).
    static let system = CurlLibrary.open(CurlLibrary.defaultName)

    // An immutable table of function pointers, never freed: safe to read from any thread.
    nonisolated(unsafe) let api: OpaquePointer
    /// Its version, e.g. `7.88.1`.
    let version: String

    private init(api: OpaquePointer) {
        self.api = api
        self.version = String(cString: phota_curl_version(api))
    }

    /// The default library when `name` is its name, else `name` opened anew (tests of a missing library).
    static func named(_ name: String) -> Result<CurlLibrary, OutboundError> {
        name == Self.defaultName ? Self.system : Self.open(name)
    }

    private static func open(_ name: String) -> Result<CurlLibrary, OutboundError> {
        var message = [CChar](repeating: 0, count: 512)
        guard let api = phota_curl_open(name, &message, message.count) else {
            let detail = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return .failure(OutboundError.libraryUnavailable.with(detail))
        }
        return .success(CurlLibrary(api: api))
    }
}
