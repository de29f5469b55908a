// SPDX-License-Identifier: Apache-2.0

/// Sees every request the server answered, with its response, once the response is queued; on the
/// loop thread, so it must be quick (the journal and the metrics are).
public protocol ExchangeObserver: Sendable {
    /// - Parameters:
    ///   - durationNanos: time from dispatch to the response being queued.
    func observe(request: HTTPRequest, response: HTTPResponse, requestID: String, durationNanos: UInt64)
}
