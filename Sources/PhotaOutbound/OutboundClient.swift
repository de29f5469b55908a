// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// An HTTP client on libcurl for requests the server itself makes: at most
/// ``OutboundLimits/maxConcurrent`` transfers at once (the rest wait their turn, first come first
/// served), each bounded in time, body size and redirects, and only ever over `http` or `https`, for
/// the first URL as for every redirect.
///
/// libcurl is opened on the first ``send(_:completion:)`` (or ``loadLibrary()``), and one thread is
/// started then to drive every transfer through its multi interface: nothing is loaded or started
/// before.
///
/// ```swift
/// let client = OutboundClient(limits: OutboundLimits(maxConcurrent: 4, timeoutSeconds: 5))
/// client.send(OutboundRequest(method: "POST", url: hook, headers: [("content-type", "application/json")], body: json)) {
///     result in print(result.map(\.status))
/// }
/// ```
public final class OutboundClient: Sendable {
    /// The limits every transfer runs under.
    public let limits: OutboundLimits
    private let libraryName: String
    private let loop = Mutex<TransferLoop?>(nil)

    /// - Parameter limits: concurrency, per-transfer timeout, size cap, redirects.
    public convenience init(limits: OutboundLimits = OutboundLimits()) {
        self.init(limits: limits, libraryName: CurlLibrary.defaultName)
    }

    /// A client that opens `libraryName` instead of `libcurl.so.4`: for tests of a missing library.
    package init(limits: OutboundLimits, libraryName: String) {
        self.limits = limits
        self.libraryName = libraryName
    }

    deinit {
        self.loop.withLock { $0 }?.stop()
    }

    /// Opens libcurl now rather than on the first transfer, so that a program that needs it can refuse
    /// to start without it.
    /// - Returns: libcurl's version, e.g. `7.88.1`.
    /// - Throws: ``OutboundError/libraryUnavailable`` naming the library and why it could not be used.
    @discardableResult
    public static func loadLibrary() throws(OutboundError) -> String {
        try CurlLibrary.system.get().version
    }

    /// Sends `request` once a slot is free, following redirects; `completion` gets the final response
    /// (whatever its status) or why there was none.
    ///
    /// `completion` is called exactly once: on the client's thread, where it must not block, or before
    /// this returns when the request is refused before any I/O (not an `http`/`https` URL, libcurl not
    /// loadable). Dropping the client cancels what is still in flight or waiting.
    /// - Parameters:
    ///   - request: method, URL, headers, body, and what to keep of the answer.
    ///   - completion: the outcome.
    public func send(
        _ request: OutboundRequest, completion: @escaping @Sendable (Result<OutboundResponse, OutboundError>) -> Void
    ) {
        guard Self.isHTTP(request.url) else { return completion(.failure(.unsupportedURL)) }
        switch self.startedLoop() {
        case .success(let loop): loop.enqueue(TransferLoop.Queued(request: request, completion: completion))
        case .failure(let error): completion(.failure(error))
        }
    }

    /// The loop, started on first use; a failure is not kept, so a later request tries again.
    private func startedLoop() -> Result<TransferLoop, OutboundError> {
        self.loop.withLock { loop in
            if let loop { return .success(loop) }
            let started = CurlLibrary.named(self.libraryName).flatMap { library in
                Result { () throws(OutboundError) in try TransferLoop(library: library, limits: self.limits) }
            }
            if case .success(let new) = started { loop = new }
            return started
        }
    }

    /// `http://` or `https://` (any case) followed by a host: checked here so that a URL libcurl would
    /// refuse anyway never takes a slot.
    static func isHTTP(_ url: String) -> Bool {
        let bytes = Array(url.utf8.prefix(9)).map { $0 | 0x20 }
        let rest: ArraySlice<UInt8>
        if bytes.starts(with: Array("http://".utf8)) {
            rest = bytes[7...]
        } else if bytes.starts(with: Array("https://".utf8)) {
            rest = bytes[8...]
        } else {
            return false
        }
        // The first byte of the authority; `/`, `?` or `#` there (or nothing) means no host.
        guard let first = rest.first else { return false }
        return first != UInt8(ascii: "/") && first != UInt8(ascii: "?") && first != UInt8(ascii: "#")
    }
}
