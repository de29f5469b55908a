// SPDX-License-Identifier: Apache-2.0

/// What a finished transfer received: the final status (after redirects) and the kept body.
public struct OutboundResponse: Sendable, Equatable {
    /// The status of the last response, after every redirect followed.
    public var status: Int
    /// The first ``OutboundRequest/keptBodyBytes`` bytes of its body.
    public var body: [UInt8]
    /// Every body byte read, kept or not; 0 when the status was not among ``OutboundRequest/bodyStatuses``.
    public var bodyBytes: Int
    /// Redirects followed.
    public var redirects: Int
    /// From the transfer's start to its last byte.
    public var elapsed: Duration

    /// - Parameters:
    ///   - status: the final status.
    ///   - body: the kept leading bytes.
    ///   - bodyBytes: body bytes read.
    ///   - redirects: redirects followed.
    ///   - elapsed: the transfer's duration.
    public init(status: Int, body: [UInt8] = [], bodyBytes: Int = 0, redirects: Int = 0, elapsed: Duration = .zero) {
        self.status = status
        self.body = body
        self.bodyBytes = bodyBytes
        self.redirects = redirects
        self.elapsed = elapsed
    }
}
