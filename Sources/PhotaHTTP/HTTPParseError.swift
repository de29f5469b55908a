// SPDX-License-Identifier: Apache-2.0

/// Why a request could not be parsed, and the status that says so. After any of these the
/// connection closes: the framing can no longer be trusted (RFC 9112 §11).
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The response status: 400, 413, 414, 431, 501 or 505.
    public let status: HTTPStatus
    /// A short human-readable reason, sent as the error body's `detail`.
    public let reason: String

    public init(_ status: HTTPStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    public var description: String { "\(self.status.code) \(self.reason)" }

    static func bad(_ reason: String) -> HTTPParseError { HTTPParseError(.badRequest, reason) }
}
