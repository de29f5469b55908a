// SPDX-License-Identifier: Apache-2.0

/// The protocol version a request arrived with.
public enum HTTPVersion: Sendable, Equatable {
    case http1_0
    case http1_1
    case http2
}

/// One query parameter, percent-decoded (a malformed escape is kept as it is).
public struct QueryItem: Sendable, Equatable {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A complete request as handlers see it, whichever protocol carried it.
public struct HTTPRequest: Sendable {
    /// The method token, as sent (methods are case-sensitive, RFC 9110 §9.1).
    public var method: String
    /// The request target exactly as received.
    public var target: String
    /// The percent-decoded path, without the query (a malformed escape is kept as it is).
    public var path: String
    /// The path as sent, without the query: the router splits this into segments before decoding
    /// each, so an encoded `/` (`%2F`) stays inside its segment.
    public var rawPath: String
    /// The percent-decoded query parameters, in order.
    public var query: [QueryItem]
    /// The query as sent (the text after `?`; empty when there is none).
    public var rawQuery: String
    /// The protocol version.
    public var version: HTTPVersion
    /// The header fields (names lowercase).
    public var headers: HTTPHeaders
    /// The body, de-chunked.
    public var body: [UInt8]

    public init(
        method: String,
        target: String,
        path: String,
        rawPath: String? = nil,
        query: [QueryItem] = [],
        rawQuery: String = "",
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.rawPath = rawPath ?? path
        self.query = query
        self.rawQuery = rawQuery
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The first value of query parameter `name`, if present.
    public func queryValue(_ name: String) -> String? {
        self.query.first { $0.name == name }?.value
    }
}
