// SPDX-License-Identifier: Apache-2.0
internal import CCurl

extension Transfer {
    /// Sets every option of the easy handle (curl.se/libcurl/c/curl_easy_setopt.html).
    func configure(_ request: OutboundRequest, _ limits: OutboundLimits) throws(OutboundError) {
        try self.set(CURLOPT_URL, string: request.url)
        // No signals: libcurl would otherwise use SIGALRM for DNS timeouts, which a threaded process cannot afford.
        try self.set(CURLOPT_NOSIGNAL, 1)
        try self.check(phota_curl_allow_http_only(self.api, self.easy))
        try self.set(CURLOPT_FOLLOWLOCATION, 1)
        try self.set(CURLOPT_MAXREDIRS, max(0, limits.maxRedirects))
        // CURLOPT_TIMEOUT_MS bounds the whole transfer, connect to last byte, however slowly the bytes drip.
        try self.set(CURLOPT_TIMEOUT_MS, Int((min(max(limits.timeoutSeconds, 0.001), 1e9) * 1000).rounded(.up)))
        try self.set(CURLOPT_ERRORBUFFER, pointer: UnsafeRawPointer(self.errorBuffer))
        try self.setMethod(request)
        try self.setHeaders(request)
        try self.check(
            phota_curl_setopt_write(self.api, self.easy, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                guard let context else { return 0 }
                let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.receive(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
            }
        )
        // Unretained: the loop keeps the transfer alive for as long as the handle is in the multi handle.
        try self.set(CURLOPT_WRITEDATA, pointer: UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque()))
    }

    /// GET and HEAD without a body as themselves; anything with a body (or POST, PUT, PATCH) as
    /// post fields, copied by libcurl, with the method named when it is not POST.
    private func setMethod(_ request: OutboundRequest) throws(OutboundError) {
        let method = request.method
        guard Self.isToken(method) else { throw OutboundError.invalidRequest.with("method \(method)") }
        if request.body.isEmpty && method == "GET" { return try self.set(CURLOPT_HTTPGET, 1) }
        if request.body.isEmpty && method == "HEAD" { return try self.set(CURLOPT_NOBODY, 1) }
        if method != "POST" { try self.set(CURLOPT_CUSTOMREQUEST, string: method) }
        guard !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) else { return }
        try self.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: curl_off_t(request.body.count))
        // COPYPOSTFIELDS copies now, so the bytes need not outlive this call; never a null pointer.
        let copied = (request.body.isEmpty ? [0] : request.body).withUnsafeBytes { bytes in
            phota_curl_setopt_pointer(self.api, self.easy, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress)
        }
        try self.check(copied)
    }

    /// The caller's fields, then two removals when there is a body: `Expect` (no 100-continue round trip)
    /// and `Content-Type` (libcurl would otherwise claim a form), each only when the caller set neither.
    private func setHeaders(_ request: OutboundRequest) throws(OutboundError) {
        var lines: [String] = []
        var names: Set<String> = []
        for (name, value) in request.headers {
            guard Self.isToken(name), Self.isFieldValue(value) else {
                throw OutboundError.invalidRequest.with("header \(name)")
            }
            // "Name;" is libcurl's spelling of a field with an empty value; "Name:" would remove it.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
            names.insert(name.lowercased())
        }
        if !request.body.isEmpty || request.method != "GET" && request.method != "HEAD" {
            if !names.contains("expect") { lines.append("Expect:") }
            if !names.contains("content-type") { lines.append("Content-Type:") }
        }
        for line in lines {
            guard let list = phota_curl_slist_append(self.api, self.headers, line) else {
                throw OutboundError.other.with("curl_slist_append failed")
            }
            self.headers = list
        }
        if let headers = self.headers { try self.set(CURLOPT_HTTPHEADER, pointer: UnsafeRawPointer(headers)) }
    }

    /// RFC 9110 §5.6.2: token = 1*tchar.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
                }
            }
    }

    /// RFC 9110 §5.5: no CR, LF or NUL in a field value (they would end or split the field).
    static func isFieldValue(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }

    private func set(_ option: CURLoption, _ value: Int) throws(OutboundError) {
        try self.check(phota_curl_setopt_long(self.api, self.easy, option, value))
    }

    private func set(_ option: CURLoption, offset: curl_off_t) throws(OutboundError) {
        try self.check(phota_curl_setopt_off(self.api, self.easy, option, offset))
    }

    private func set(_ option: CURLoption, pointer: UnsafeRawPointer) throws(OutboundError) {
        try self.check(phota_curl_setopt_pointer(self.api, self.easy, option, pointer))
    }

    /// libcurl copies string options (7.17.0 and later), so the C string need only live for the call.
    private func set(_ option: CURLoption, string: String) throws(OutboundError) {
        try self.check(string.withCString { phota_curl_setopt_pointer(self.api, self.easy, option, $0) })
    }

    private func check(_ code: CURLcode) throws(OutboundError) {
        guard code == CURLE_OK else {
            throw OutboundError.other.with(String(cString: phota_curl_easy_strerror(self.api, code)))
        }
    }
}
