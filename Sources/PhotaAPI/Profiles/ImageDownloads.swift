// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// The URLSession delegate of an ``ImageFetcher``: follows each task's response and bytes, enforces the
/// status, size and time limits, and reports one ``ImageFetchFailure`` (or nil) per task.
final class ImageDownloads: NSObject, URLSessionDataDelegate, Sendable {
    private struct Download {
        let url: String
        let done: @Sendable (ImageFetchFailure?) -> Void
        var prefix: [UInt8] = []
        var received = 0
        var failure: ImageFetchFailure.Reason?
    }

    private let maxBytes: Int
    private let timeoutSeconds: Double
    private let active = Mutex<[Int: Download]>([:])

    init(maxBytes: Int, timeoutSeconds: Double) {
        self.maxBytes = maxBytes
        self.timeoutSeconds = timeoutSeconds
    }

    /// Registers `task` and starts it, with a deadline for the whole download.
    func start(_ task: URLSessionDataTask, url: String, done: @escaping @Sendable (ImageFetchFailure?) -> Void) {
        let id = task.taskIdentifier
        self.active.withLock { $0[id] = Download(url: url, done: done) }
        // URLSession's own timeouts restart with every packet; a slow drip must still end on time.
        let timeout = self.timeoutSeconds
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak self, weak task] in
            guard let self, let task, self.fail(id, .timedOut(timeout)) else { return }
            task.cancel()
        }
        task.resume()
    }

    /// Records the first failure of a live download; false when it already ended or failed.
    private func fail(_ id: Int, _ reason: ImageFetchFailure.Reason) -> Bool {
        self.active.withLock { active in
            guard active[id] != nil, active[id]!.failure == nil else { return false }
            active[id]!.failure = reason
            return true
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let id = dataTask.taskIdentifier
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            _ = self.fail(id, .status(http.statusCode))
            return completionHandler(.cancel)
        }
        if response.expectedContentLength > Int64(self.maxBytes) {
            _ = self.fail(id, .tooLarge(self.maxBytes))
            return completionHandler(.cancel)
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let tooLarge = self.active.withLock { active -> Bool in
            guard var download = active[dataTask.taskIdentifier], download.failure == nil else { return false }
            download.received += data.count
            if download.prefix.count < ImageSignature.prefixLength {
                download.prefix += data.prefix(ImageSignature.prefixLength - download.prefix.count)
            }
            if download.received > self.maxBytes { download.failure = .tooLarge(self.maxBytes) }
            active[dataTask.taskIdentifier] = download
            return download.failure != nil
        }
        if tooLarge { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let download = self.active.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        let reason: ImageFetchFailure.Reason? =
            if let failure = download.failure {
                failure
            } else if let error {
                Self.reason(error, timeout: self.timeoutSeconds)
            } else if ImageSignature.detect(download.prefix) == nil {
                .notAnImage
            } else {
                nil
            }
        download.done(reason.map { ImageFetchFailure(url: download.url, reason: $0) })
    }

    /// A short, stable description of a transport error.
    static func reason(_ error: any Error, timeout: Double) -> ImageFetchFailure.Reason {
        guard let error = error as? URLError else { return .network("\(error)") }
        switch error.code {
        case .timedOut: return .timedOut(timeout)
        case .cannotFindHost, .dnsLookupFailed: return .network("host not found")
        case .cannotConnectToHost: return .network("connection refused")
        case .networkConnectionLost: return .network("connection lost")
        case .notConnectedToInternet: return .network("network unreachable")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return .network("TLS handshake failed")
        case .httpTooManyRedirects, .redirectToNonExistentLocation: return .network("too many redirects")
        case .badServerResponse: return .network("bad server response")
        case .unsupportedURL, .badURL: return .unsupportedURL
        default: return .network("network error \(error.code.rawValue)")
        }
    }
}
