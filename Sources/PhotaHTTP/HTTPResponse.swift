// SPDX-License-Identifier: Apache-2.0

/// A response as handlers build it. `Date`, `Content-Length` and `X-Request-Id` are added by the
/// server when it is written; `Content-Type` defaults to JSON when the handler sets none.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is JSON text already encoded.
    public static func json(_ status: HTTPStatus, _ text: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var all = headers
        all.replaceOrAdd(name: "content-type", value: "application/json")
        return HTTPResponse(status: status, headers: all, body: Array(text.utf8))
    }
}
