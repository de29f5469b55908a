// SPDX-License-Identifier: Apache-2.0
internal import CCurl

/// One request in flight: its easy handle, the header list and error buffer libcurl points into, and
/// what the body has brought so far. Created, driven and dropped on the loop thread only.
final class Transfer {
    let easy: UnsafeMutableRawPointer
    let completion: @Sendable (Result<OutboundResponse, OutboundError>) -> Void
    let api: OpaquePointer
    private let keptBodyBytes: Int
    private let bodyStatuses: Range<Int>
    private let maxBytes: Int
    var headers: UnsafeMutablePointer<curl_slist>?
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    private var bodyBegun = false
    private var stoppedAtHead = false
    private var kept: [UInt8] = []
    private var received = 0
    private var failure: OutboundError?

    /// A configured easy handle for `request`, not yet added to the multi handle.
    /// - Throws: ``OutboundError/invalidRequest`` for a header that cannot be sent; `.other` when libcurl
    ///   refuses an option.
    init(
        _ request: OutboundRequest, limits: OutboundLimits, library: CurlLibrary,
        completion: @escaping @Sendable (Result<OutboundResponse, OutboundError>) -> Void
    ) throws(OutboundError) {
        guard let easy = phota_curl_easy_init(library.api) else {
            throw OutboundError.other.with("curl_easy_init failed")
        }
        self.easy = easy
        self.api = library.api
        self.completion = completion
        self.keptBodyBytes = max(0, request.keptBodyBytes)
        self.bodyStatuses = request.bodyStatuses
        self.maxBytes = limits.maxBytes
        self.errorBuffer.initialize(to: 0)
        try self.configure(request, limits)
    }

    deinit {
        phota_curl_easy_cleanup(self.api, self.easy)
        phota_curl_slist_free_all(self.api, self.headers)
        self.errorBuffer.deallocate()
    }

    /// The outcome once libcurl reports the transfer done with `code`.
    func result(_ code: CURLcode) -> Result<OutboundResponse, OutboundError> {
        if let failure = self.failure { return .failure(failure) }
        // Ending the transfer at its head is how a status outside `bodyStatuses` stops: not a failure.
        guard code == CURLE_OK || self.stoppedAtHead else {
            let message =
                self.errorBuffer.pointee == 0
                ? String(cString: phota_curl_easy_strerror(self.api, code)) : String(cString: self.errorBuffer)
            return .failure(
                OutboundError(
                    curl: code, osErrno: Int32(truncatingIfNeeded: self.info(CURLINFO_OS_ERRNO)), message: message))
        }
        var microseconds: curl_off_t = 0
        _ = phota_curl_getinfo_off(self.api, self.easy, CURLINFO_TOTAL_TIME_T, &microseconds)
        return .success(
            OutboundResponse(
                status: self.info(CURLINFO_RESPONSE_CODE), body: self.kept, bodyBytes: self.received,
                redirects: self.info(CURLINFO_REDIRECT_COUNT), elapsed: .microseconds(microseconds)
            )
        )
    }

    /// Takes one chunk of the body; false to abort the transfer (status not wanted, or past the cap).
    func receive(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if !self.bodyBegun {
            self.bodyBegun = true
            // libcurl skips the bodies of the redirects it follows, so the first chunk is the final response's.
            guard self.bodyStatuses.contains(self.info(CURLINFO_RESPONSE_CODE)) else {
                self.stoppedAtHead = true
                return false
            }
            var announced: curl_off_t = -1
            _ = phota_curl_getinfo_off(self.api, self.easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced)
            guard announced <= self.maxBytes else { return self.fail(.tooLarge) }
        }
        self.received += chunk.count
        // A body without a length (chunked, or ended by closing) can only be capped as it arrives.
        guard self.received <= self.maxBytes else { return self.fail(.tooLarge) }
        if self.kept.count < self.keptBodyBytes {
            self.kept += chunk.prefix(self.keptBodyBytes - self.kept.count)
        }
        return true
    }

    private func fail(_ error: OutboundError) -> Bool {
        self.failure = error
        return false
    }

    private func info(_ info: CURLINFO) -> Int {
        var value = 0
        _ = phota_curl_getinfo_long(self.api, self.easy, info, &value)
        return value
    }
}
