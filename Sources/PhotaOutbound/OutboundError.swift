// SPDX-License-Identifier: Apache-2.0

/// Why a transfer produced no response, in classes a caller can act on.
///
/// Compared by class alone, so `error == .timedOut` and `case .timedOut:` hold whatever the detail.
/// Opaque, so that classes can be added without breaking exhaustive switches.
public struct OutboundError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case libraryUnavailable, unsupportedURL, invalidRequest, timedOut, tooLarge, hostNotFound, connectionRefused
        case networkUnreachable, connectionLost, tlsFailed, tooManyRedirects, badResponse, cancelled, other
    }

    private let code: Code
    /// More about it: the loader's or libcurl's own message, when there is one.
    public let detail: String

    private init(_ code: Code, _ detail: String = "") {
        self.code = code
        self.detail = detail
    }

    /// libcurl (`libcurl.so.4`, 7.68.0 or later) could not be loaded; ``detail`` says why.
    public static let libraryUnavailable = OutboundError(.libraryUnavailable)
    /// Not an absolute `http` or `https` URL, or a redirect to another scheme.
    public static let unsupportedURL = OutboundError(.unsupportedURL)
    /// A header name or value that cannot be sent (empty name, control characters).
    public static let invalidRequest = OutboundError(.invalidRequest)
    /// The transfer took longer than ``OutboundLimits/timeoutSeconds``.
    public static let timedOut = OutboundError(.timedOut)
    /// The body was (or announced itself) larger than ``OutboundLimits/maxBytes``.
    public static let tooLarge = OutboundError(.tooLarge)
    /// The host name did not resolve.
    public static let hostNotFound = OutboundError(.hostNotFound)
    /// Nothing listens at the address.
    public static let connectionRefused = OutboundError(.connectionRefused)
    /// No route to the network or host.
    public static let networkUnreachable = OutboundError(.networkUnreachable)
    /// The connection closed or failed before the response was complete.
    public static let connectionLost = OutboundError(.connectionLost)
    /// TLS could not be set up (handshake, certificate).
    public static let tlsFailed = OutboundError(.tlsFailed)
    /// More than ``OutboundLimits/maxRedirects`` redirects.
    public static let tooManyRedirects = OutboundError(.tooManyRedirects)
    /// The server's answer was not HTTP.
    public static let badResponse = OutboundError(.badResponse)
    /// The client went away before the transfer finished.
    public static let cancelled = OutboundError(.cancelled)
    /// Any other failure; ``detail`` names it.
    public static let other = OutboundError(.other)

    /// This class of error with `detail` attached.
    func with(_ detail: String) -> OutboundError {
        OutboundError(self.code, detail)
    }

    /// Same class, whatever the details.
    public static func == (lhs: OutboundError, rhs: OutboundError) -> Bool {
        lhs.code == rhs.code
    }

    /// A short, stable phrase for the class, then the detail in parentheses when there is one.
    public var description: String {
        let phrase =
            switch self.code {
            case .libraryUnavailable: "libcurl is not available"
            case .unsupportedURL: "not an http or https URL"
            case .invalidRequest: "invalid request"
            case .timedOut: "timed out"
            case .tooLarge: "body larger than the cap"
            case .hostNotFound: "host not found"
            case .connectionRefused: "connection refused"
            case .networkUnreachable: "network unreachable"
            case .connectionLost: "connection lost"
            case .tlsFailed: "TLS handshake failed"
            case .tooManyRedirects: "too many redirects"
            case .badResponse: "bad server response"
            case .cancelled: "cancelled"
            case .other: "network error"
            }
        return self.detail.isEmpty ? phrase : "\(phrase) (\(self.detail))"
    }
}
