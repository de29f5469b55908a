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
/// A value type whose fields live in one shared box: a request is handed from the parser to the responder, the
/// pending reply and the journal, and each copy of nine fields was nine retains and releases on the hot path; now
/// it is one. The box is immutable (a change makes a new one: only the h2c upgrade changes a request), so reading
/// a field needs no exclusivity check either.
public struct HTTPRequest: Sendable {
    private struct Fields: Sendable {
        var method: String
        var target: String
        var path: String
        var rawPath: String
        var query: [QueryItem]
        var rawQuery: String
        var version: HTTPVersion
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    private final class Storage: Sendable {
        let fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    private var storage: Storage

    /// Replaces the box by one with `change` applied to a copy of its fields.
    private mutating func change(_ change: (inout Fields) -> Void) {
        var fields = self.storage.fields
        change(&fields)
        self.storage = Storage(fields)
    }

    /// The method token, as sent (methods are case-sensitive, RFC 9110 §9.1).
    public var method: String {
        get { self.storage.fields.method }
        set { self.change { $0.method = newValue } }
    }
    /// The request target exactly as received.
    public var target: String {
        get { self.storage.fields.target }
        set { self.change { $0.target = newValue } }
    }
    /// The percent-decoded path, without the query (a malformed escape is kept as it is).
    public var path: String {
        get { self.storage.fields.path }
        set { self.change { $0.path = newValue } }
    }
    /// The path as sent, without the query: the router splits this into segments before decoding
    /// each, so an encoded `/` (`%2F`) stays inside its segment.
    public var rawPath: String {
        get { self.storage.fields.rawPath }
        set { self.change { $0.rawPath = newValue } }
    }
    /// The percent-decoded query parameters, in order.
    public var query: [QueryItem] {
        get { self.storage.fields.query }
        set { self.change { $0.query = newValue } }
    }
    /// The query as sent (the text after `?`; empty when there is none).
    public var rawQuery: String {
        get { self.storage.fields.rawQuery }
        set { self.change { $0.rawQuery = newValue } }
    }
    /// The protocol version.
    public var version: HTTPVersion {
        get { self.storage.fields.version }
        set { self.change { $0.version = newValue } }
    }
    /// The header fields (names lowercase).
    public var headers: HTTPHeaders {
        get { self.storage.fields.headers }
        set { self.change { $0.headers = newValue } }
    }
    /// The body, de-chunked.
    public var body: [UInt8] {
        get { self.storage.fields.body }
        set { self.change { $0.body = newValue } }
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
            Fields(
                method: method, target: target, path: path, rawPath: rawPath ?? path, query: query,
                rawQuery: rawQuery, version: version, headers: headers, body: body))
    }

    /// The first value of query parameter `name`, if present.
    public func queryValue(_ name: String) -> String? {
        self.query.first { $0.name == name }?.value
    }
}
