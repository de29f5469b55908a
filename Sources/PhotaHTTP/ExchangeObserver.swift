// SPDX-License-Identifier: Apache-2.0

/// Sees every request the server answered, with its response, once the response is queued; on the
/// loop thread, so it must be quick (the journal and the metrics are).
public protocol ExchangeObserver: Sendable {
    /// - Parameters:
    ///   - startedAt: monotonic nanoseconds when the request was dispatched.
    func observe(request: HTTPRequest, response: HTTPResponse, requestID: String, startedAt: UInt64)
}
