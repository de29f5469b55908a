// SPDX-License-Identifier: Apache-2.0
internal import PhotaOutbound

extension ImageFetchFailure.Reason {
    /// The reason, with a short and stable description, for a download that produced no response.
    /// - Parameters:
    ///   - error: the client's classification.
    ///   - limits: the limits it ran under, named in the timeout and size messages.
    init(_ error: OutboundError, _ limits: ImageFetchLimits) {
        self =
            switch error {
            case .unsupportedURL: .unsupportedURL
            case .timedOut: .timedOut(limits.timeoutSeconds)
            case .tooLarge: .tooLarge(limits.maxBytes)
            case .hostNotFound: .network("host not found")
            case .connectionRefused: .network("connection refused")
            case .networkUnreachable: .network("network unreachable")
            case .connectionLost: .network("connection lost")
            case .tlsFailed: .network("TLS handshake failed")
            case .tooManyRedirects: .network("too many redirects")
            case .badResponse: .network("bad server response")
            // libcurl missing (start-up refuses first with --fetch-images), cancelled, anything else: as described.
            default: .network("\(error)")
            }
    }
}
