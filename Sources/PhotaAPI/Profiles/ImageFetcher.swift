// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Really downloads a profile's images (`--fetch-images`) and checks each is a supported image by its
/// magic number, with at most `maxConcurrent` downloads in flight over every profile.
///
/// Built on URLSession (libcurl on Linux): it follows redirects and speaks TLS. Each body is streamed,
/// counted and dropped, keeping only its first bytes for ``ImageSignature``, so memory stays bounded
/// whatever the size cap.
///
/// ```swift
/// let fetcher = ImageFetcher(limits: ImageFetchLimits())
/// fetcher.check(urls: urls) { failure in scheduler.release(id: id, failure: failure?.message) }
/// ```
public final class ImageFetcher: Sendable {
    /// The limits every download runs under.
    public let limits: ImageFetchLimits
    private let session: URLSession
    private let downloads: ImageDownloads
    private let queue = Mutex(Queue())

    private struct Queue {
        var pending: [Pending] = []
        var head = 0
        var inFlight = 0
    }

    private struct Pending {
        let url: String
        let done: @Sendable (ImageFetchFailure?) -> Void
    }

    /// - Parameter limits: concurrency, per-download timeout and size cap.
    public init(limits: ImageFetchLimits) {
        self.limits = limits
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = limits.timeoutSeconds
        configuration.timeoutIntervalForResource = limits.timeoutSeconds
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpMaximumConnectionsPerHost = limits.maxConcurrent
        self.downloads = ImageDownloads(maxBytes: limits.maxBytes, timeoutSeconds: limits.timeoutSeconds)
        let delegateQueue = OperationQueue()
        delegateQueue.maxConcurrentOperationCount = 1
        self.session = URLSession(configuration: configuration, delegate: self.downloads, delegateQueue: delegateQueue)
    }

    deinit {
        self.session.invalidateAndCancel()
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
            self.enqueue(url) { failure in
                let finished = results.withLock { state -> [ImageFetchFailure?]? in
                    state.failures[index] = failure
                    state.remaining -= 1
                    return state.remaining == 0 ? state.failures : nil
                }
                if let finished { completion(finished.lazy.compactMap { $0 }.first) }
            }
        }
    }

    /// Downloads and checks one URL under the shared concurrency bound.
    /// - Parameters:
    ///   - url: the image URL.
    ///   - completion: nil for a supported image, else why not.
    public func check(url: String, completion: @escaping @Sendable (ImageFetchFailure?) -> Void) {
        self.enqueue(url, completion)
    }

    private func enqueue(_ url: String, _ done: @escaping @Sendable (ImageFetchFailure?) -> Void) {
        let item = Pending(url: url, done: done)
        let start = self.queue.withLock { queue -> Bool in
            guard queue.inFlight < self.limits.maxConcurrent else {
                queue.pending.append(item)
                return false
            }
            queue.inFlight += 1
            return true
        }
        if start { self.run(item) }
    }

    /// Starts `first`; a URL refused before any I/O is reported at once and the next waiting one takes its
    /// place, in a loop rather than by recursion however many such URLs are queued.
    private func run(_ first: Pending) {
        var item: Pending? = first
        while let current = item {
            guard let url = URL(string: current.url), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", url.host != nil
            else {
                item = self.finish(current, ImageFetchFailure(url: current.url, reason: .unsupportedURL))
                continue
            }
            self.downloads.start(self.session.dataTask(with: url), url: current.url) { [self] failure in
                if let next = self.finish(current, failure) { self.run(next) }
            }
            item = nil
        }
    }

    /// Reports one download and hands back the next waiting one, which takes its place in flight.
    private func finish(_ item: Pending, _ failure: ImageFetchFailure?) -> Pending? {
        let next = self.queue.withLock { queue -> Pending? in
            guard queue.head < queue.pending.count else {
                queue.inFlight -= 1
                queue.pending.removeAll(keepingCapacity: true)
                queue.head = 0
                return nil
            }
            defer { queue.head += 1 }
            return queue.pending[queue.head]
        }
        item.done(failure)
        return next
    }
}
