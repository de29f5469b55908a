// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaHTTP

/// Feeds every answered request to the metrics, and every `/v1/phota` request to the journal.
public struct ExchangeRecorder: ExchangeObserver {
    let journal: RequestJournal
    let metrics: Metrics
    let routePattern: @Sendable (HTTPRequest) -> String?

    /// - Parameter routePattern: the router's pattern for a request's path (`Router.routePattern(for:)`), the
    ///   metrics' `route` label and the journal's `route`.
    public init(
        journal: RequestJournal, metrics: Metrics, routePattern: @escaping @Sendable (HTTPRequest) -> String?
    ) {
        self.journal = journal
        self.metrics = metrics
        self.routePattern = routePattern
    }

    public func observe(request: HTTPRequest, response: HTTPResponse, requestID: String, durationNanos: UInt64) {
        let elapsed = durationNanos
        // The control plane is one label (its calls are the tests' own); a path no route has is `other`.
        let isControl = request.path.hasPrefix("/_mock/")
        // The router names the route of an answer it dispatched; any other (a fault's, a deferred one) is matched here.
        let route = isControl ? nil : response.routePattern ?? self.routePattern(request)
        self.metrics.observe(
            route: isControl ? "/_mock/**" : route ?? "other", method: request.method, status: response.status.code,
            seconds: Double(elapsed) / 1e9)
        guard request.path.hasPrefix("/v1/phota/"), self.journal.capacity > 0 else { return }
        // A byte search on the contiguous bytes: `?` is ASCII, and this runs for every request.
        var target = request.target
        let query =
            target.withUTF8 { bytes in
                bytes.firstIndex(of: UInt8(ascii: "?")).map {
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[($0 + 1)...]), as: UTF8.self)
                }
            } ?? ""
        let contentType = response.headers["content-type"] ?? ""
        let responseIsJSON = contentType.hasPrefix("application/json")
        self.journal.record(
            time: ISOTimestamp.nowMilliseconds(), apiKey: APIKey.presented(by: request),
            method: request.method, path: request.path, route: route, query: query, status: response.status.code,
            latencyMicros: Int64(elapsed / 1000), requestID: requestID,
            requestBody: Base64Elision.elide(request.body) ?? request.body,
            responseBody: responseIsJSON ? Base64Elision.elide(response.body) ?? response.body : response.body,
            responseIsText: responseIsJSON || contentType.hasPrefix("text/")
        )
    }
}
