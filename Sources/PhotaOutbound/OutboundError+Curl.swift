// SPDX-License-Identifier: Apache-2.0
internal import CCurl

#if canImport(Glibc)
    import Glibc
#endif

extension OutboundError {
    /// The class of a failed transfer's libcurl result (curl.se/libcurl/c/libcurl-errors.html), with
    /// libcurl's message as the detail.
    /// - Parameters:
    ///   - code: the transfer's result.
    ///   - osErrno: `CURLINFO_OS_ERRNO`, which tells a refused connection from an unreachable network.
    ///   - message: the transfer's error buffer, else `curl_easy_strerror`.
    init(curl code: CURLcode, osErrno: Int32, message: String) {
        self = Self.classify(code, osErrno: osErrno).with(message)
    }

    private static func classify(_ code: CURLcode, osErrno: Int32) -> OutboundError {
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: .unsupportedURL
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .hostNotFound
        case CURLE_COULDNT_CONNECT:
            osErrno == ENETUNREACH || osErrno == EHOSTUNREACH ? .networkUnreachable : .connectionRefused
        case CURLE_OPERATION_TIMEDOUT: .timedOut
        case CURLE_FILESIZE_EXCEEDED: .tooLarge
        case CURLE_TOO_MANY_REDIRECTS: .tooManyRedirects
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE: .connectionLost
        case CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3:
            .badResponse
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CLIENTCERT:
            .tlsFailed
        default: .other
        }
    }
}
