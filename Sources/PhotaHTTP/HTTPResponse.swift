// SPDX-License-Identifier: Apache-2.0

/// A response as handlers build it. `Date`, `Content-Length` and `X-Request-Id` are added by the
/// server when it is written; `Content-Type` defaults to JSON when the handler sets none and the
/// body is not empty.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// How the response leaves: normally, or broken on purpose (fault injection).
    public var delivery = ResponseDelivery.normal
    /// HTTP/1.1 closes the connection after this response (sent with `Connection: close`), as after
    /// a parse error; HTTP/2 ignores it, since one stream's answer does not end the others.
    public var closesConnection = false
    /// The pattern of the route whose handler answered (as `Router.routePattern(for:)` names it), set by the
    /// router so that metrics and the journal need not match the path again; nil when no handler answered.
    public var routePattern: String?

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is JSON text already encoded.
    public static func json(_ status: HTTPStatus, _ text: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse
    {
        .json(status, bytes: Array(text.utf8), headers: headers)
    }

    /// A JSON response whose body is already bytes (hand-built on the hot path with `JSONText.appendQuoted`).
    public static func json(_ status: HTTPStatus, bytes: [UInt8], headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse
    {
        var all = headers
        if all.count == 0 {
            all.addLowercased(name: "content-type", value: "application/json")
        } else {
            all.replaceOrAdd(name: "content-type", value: "application/json")
        }
        return HTTPResponse(status: status, headers: all, body: bytes)
    }
}

/// How a response is put on the wire. Anything but `.normal` closes the connection: these exist so
/// tests can see how their client copes with a broken server.
public enum ResponseDelivery: Sendable, Equatable {
    case normal
    /// Close the connection without sending anything.
    case closeWithoutResponse
    /// Reset the connection (TCP RST) without sending anything.
    case reset
    /// Send only the first `bytes` of the encoded response (nil: half of it), then close.
    case truncated(bytes: Int?)
}
