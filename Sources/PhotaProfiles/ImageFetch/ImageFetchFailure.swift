// SPDX-License-Identifier: Apache-2.0

/// Why one image failed validation; ``message`` is the profile's `ERROR` message.
public struct ImageFetchFailure: Error, Sendable, Equatable {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// Not an absolute `http` or `https` URL.
        case unsupportedURL
        /// The connection failed before a response (refused, host unknown, TLS, reset…).
        case network(String)
        /// The server answered a non-2xx status (after redirects).
        case status(Int)
        /// The download took longer than the limit, in seconds.
        case timedOut(Double)
        /// The body was larger than the limit, in bytes.
        case tooLarge(Int)
        /// The bytes are not JPEG, PNG, WebP or HEIC/HEIF.
        case notAnImage
    }

    /// The image URL as the client sent it.
    public let url: String
    /// What went wrong.
    public let reason: Reason

    /// - Parameters:
    ///   - url: the image URL as sent.
    ///   - reason: what went wrong.
    public init(url: String, reason: Reason) {
        self.url = url
        self.reason = reason
    }

    /// The message the status endpoint reports, naming the URL and the reason.
    public var message: String {
        switch self.reason {
        case .unsupportedURL: "Could not download \(self.url): not an http or https URL"
        case .network(let detail): "Could not download \(self.url): \(detail)"
        case .status(let code): "Could not download \(self.url): HTTP \(code)"
        case .timedOut(let seconds): "Could not download \(self.url): timed out after \(Self.format(seconds)) s"
        case .tooLarge(let bytes): "Could not download \(self.url): larger than \(bytes) bytes"
        case .notAnImage: "\(self.url) is not a JPEG, PNG, WebP or HEIC/HEIF image"
        }
    }

    /// `10` rather than `10.0`, `2.5` as is.
    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int64(seconds)) : String(seconds)
    }
}
