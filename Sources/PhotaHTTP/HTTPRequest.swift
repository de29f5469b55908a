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
///
/// A value type whose fields live in one shared box, copied on the first change: a request is handed from the
/// parser to the responder, the pending reply and the journal, and each copy of nine fields was nine retains and
/// releases on the hot path; now it is one.
public struct HTTPRequest: Sendable {
    /// Mutated only while uniquely referenced (`unique()`), so sharing it between threads is safe.
    private final class Storage: @unchecked Sendable {
        var method: String
        var target: String
        var path: String
        var rawPath: String
        var query: [QueryItem]
        var rawQuery: String
        var version: HTTPVersion
        var headers: HTTPHeaders
        var body: [UInt8]

        init(
            method: String, target: String, path: String, rawPath: String, query: [QueryItem], rawQuery: String,
            version: HTTPVersion, headers: HTTPHeaders, body: [UInt8]
        ) {
            self.method = method
            self.target = target
            self.path = path
            self.rawPath = rawPath
            self.query = query
            self.rawQuery = rawQuery
            self.version = version
            self.headers = headers
            self.body = body
        }

        func copy() -> Storage {
            Storage(
                method: self.method, target: self.target, path: self.path, rawPath: self.rawPath, query: self.query,
                rawQuery: self.rawQuery, version: self.version, headers: self.headers, body: self.body)
        }
    }

    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&self.storage) { self.storage = self.storage.copy() }
        return self.storage
    }

    /// The method token, as sent (methods are case-sensitive, RFC 9110 §9.1).
    public var method: String {
        get { self.storage.method }
        set { self.unique().method = newValue }
    }
    /// The request target exactly as received.
    public var target: String {
        get { self.storage.target }
        set { self.unique().target = newValue }
    }
    /// The percent-decoded path, without the query (a malformed escape is kept as it is).
    public var path: String {
        get { self.storage.path }
        set { self.unique().path = newValue }
    }
    /// The path as sent, without the query: the router splits this into segments before decoding
    /// each, so an encoded `/` (`%2F`) stays inside its segment.
    public var rawPath: String {
        get { self.storage.rawPath }
        set { self.unique().rawPath = newValue }
    }
    /// The percent-decoded query parameters, in order.
    public var query: [QueryItem] {
        get { self.storage.query }
        set { self.unique().query = newValue }
    }
    /// The query as sent (the text after `?`; empty when there is none).
    public var rawQuery: String {
        get { self.storage.rawQuery }
        set { self.unique().rawQuery = newValue }
    }
    /// The protocol version.
    public var version: HTTPVersion {
        get { self.storage.version }
        set { self.unique().version = newValue }
    }
    /// The header fields (names lowercase).
    public var headers: HTTPHeaders {
        get { self.storage.headers }
        _modify {
            let storage = self.unique()
            yield &storage.headers
        }
    }
    /// The body, de-chunked.
    public var body: [UInt8] {
        get { self.storage.body }
        _modify {
            let storage = self.unique()
            yield &storage.body
        }
    }

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
        self.storage = Storage(
            method: method, target: target, path: path, rawPath: rawPath ?? path, query: query, rawQuery: rawQuery,
            version: version, headers: headers, body: body)
    }

    /// The first value of query parameter `name`, if present.
    public func queryValue(_ name: String) -> String? {
        self.query.first { $0.name == name }?.value
    }
}
