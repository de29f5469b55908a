// SPDX-License-Identifier: Apache-2.0

public import PhotaHTTP

extension ValidationFailure {
    /// The HTTP response to send: `status`, a `content-type` header and `body`.
    public var response: HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: self.contentType)
        return HTTPResponse(status: self.status, headers: headers, body: self.body)
    }
}
