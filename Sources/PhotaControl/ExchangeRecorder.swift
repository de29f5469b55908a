// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaHTTP

/// Feeds every answered request to the metrics, and every `/v1/phota` request to the journal.
public struct ExchangeRecorder: ExchangeObserver {
    let journal: RequestJournal
    let metrics: Metrics
    let routeLabel: @Sendable (HTTPRequest) -> String

    /// - Parameter routeLabel: the metrics' `route` label of a request (the router's pattern for its path).
    public init(journal: RequestJournal, metrics: Metrics, routeLabel: @escaping @Sendable (HTTPRequest) -> String) {
        self.journal = journal
        self.metrics = metrics
        self.routeLabel = routeLabel
    }

    public func observe(request: HTTPRequest, response: HTTPResponse, requestID: String, durationNanos: UInt64) {
        let elapsed = durationNanos
        self.metrics.observe(
            route: self.routeLabel(request), method: request.method, status: response.status.code,
            seconds: Double(elapsed) / 1e9)
        guard request.path.hasPrefix("/v1/phota/"), self.journal.capacity > 0 else { return }
        // A byte search: `?` is ASCII, and this runs for every request.
        let target = request.target.utf8
        let query =
            target.firstIndex(of: UInt8(ascii: "?")).map { String(Substring(target[target.index(after: $0)...])) } ?? ""
        let contentType = response.headers["content-type"] ?? ""
        self.journal.record(
            time: ISOTimestamp.nowMilliseconds(), apiKey: APIKey.presented(by: request),
            method: request.method, path: request.path, query: query, status: response.status.code,
            latencyMicros: Int64(elapsed / 1000), requestID: requestID, requestBody: request.body,
            responseBody: response.body,
            responseIsText: contentType.hasPrefix("application/json") || contentType.hasPrefix("text/")
        )
    }
}
