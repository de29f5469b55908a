// SPDX-License-Identifier: Apache-2.0
import PhotaImaging
internal import PhotaOutbound
import Synchronization

/// Really downloads a profile's images (`--fetch-images`) and checks each is a supported image by its
/// magic number, with at most `maxConcurrent` downloads in flight over every profile.
///
/// Built on ``OutboundClient`` (libcurl, opened on first use): `http` and `https` only, redirects
/// followed. Each body is streamed, counted and dropped, keeping only its first bytes for
/// ``ImageSignature``, so memory stays bounded whatever the size cap.
///
/// ```swift
/// let fetcher = ImageFetcher(limits: ImageFetchLimits())
/// fetcher.check(urls: urls) { failure in scheduler.release(id: id, failure: failure?.message) }
/// ```
public final class ImageFetcher: Sendable {
    /// The limits every download runs under.
    public let limits: ImageFetchLimits
    private let client: OutboundClient

    /// - Parameter limits: concurrency, per-download timeout and size cap.
    public init(limits: ImageFetchLimits) {
        self.limits = limits
        self.client = OutboundClient(
            limits: OutboundLimits(
                maxConcurrent: limits.maxConcurrent, timeoutSeconds: limits.timeoutSeconds, maxBytes: limits.maxBytes)
        )
    }

    /// Loads the HTTP client's library (libcurl) now, so that a server asked to fetch images refuses to
    /// start without it rather than failing every profile.
    /// - Throws: an error naming libcurl and why it could not be loaded.
    public static func loadClient() throws {
        try OutboundClient.loadLibrary()
    }

    /// Downloads and checks every URL; `completion` (on any thread) gets nil when all are supported
    /// images, else the failure of the first failing URL in list order.
    /// - Parameters:
    ///   - urls: the profile's image URLs.
    ///   - completion: called once, after every download has finished.
    public func check(urls: [String], completion: @escaping @Sendable (ImageFetchFailure?) -> Void) {
        guard !urls.isEmpty else { return completion(nil) }
        let results = Mutex((remaining: urls.count, failures: [ImageFetchFailure?](repeating: nil, count: urls.count)))
        for (index, url) in urls.enumerated() {
            self.check(url: url) { failure in
                let finished = results.withLock { state -> [ImageFetchFailure?]? in
                    state.failures[index] = failure
                    state.remaining -= 1
                    return state.remaining == 0 ? state.failures : nil
                }
                if let finished { completion(finished.lazy.compactMap { $0 }.first) }
            }
        }
    }

    /// Downloads and checks one URL under the shared concurrency bound. A URL refused before any I/O
    /// is answered before this returns and takes no slot.
    /// - Parameters:
    ///   - url: the image URL.
    ///   - completion: nil for a supported image, else why not.
    public func check(url: String, completion: @escaping @Sendable (ImageFetchFailure?) -> Void) {
        var request = OutboundRequest(url: url, keptBodyBytes: ImageSignature.prefixLength)
        // A refused answer fails the profile whatever its body: it ends at its head, unread.
        request.bodyStatuses = 200..<300
        let limits = self.limits
        self.client.send(request) { result in
            completion(Self.failure(of: url, result, limits))
        }
    }

    /// Nil for a 2xx answer whose first bytes are a supported image, else why the image fails.
    private static func failure(
        of url: String, _ result: Result<OutboundResponse, OutboundError>, _ limits: ImageFetchLimits
    ) -> ImageFetchFailure? {
        let reason: ImageFetchFailure.Reason? =
            switch result {
            case .success(let response) where !(200..<300).contains(response.status): .status(response.status)
            case .success(let response): ImageSignature.detect(response.body) == nil ? .notAnImage : nil
            case .failure(let error): ImageFetchFailure.Reason(error, limits)
            }
        return reason.map { ImageFetchFailure(url: url, reason: $0) }
    }
}
