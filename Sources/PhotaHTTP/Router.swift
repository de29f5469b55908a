// SPDX-License-Identifier: Apache-2.0

/// Path parameters captured by a route pattern such as `/v1/phota/profiles/{profile_id}/status`.
public struct PathParameters: Sendable {
    private var pairs: [(String, String)] = []

    public init() {}

    mutating func append(_ name: String, _ value: String) {
        self.pairs.append((name, value))
    }

    /// How many parameters were captured.
    public var count: Int { self.pairs.count }

    /// The value captured for `{name}`.
    public subscript(name: String) -> String? {
        self.pairs.first { $0.0 == name }?.1
    }
}

/// A route handler: a synchronous function of the request.
public typealias RouteHandler = @Sendable (HTTPRequest, PathParameters, RequestContext) -> Reply

/// Maps method and path pattern to handlers. Unknown paths and wrong methods are answered by the
/// two fallbacks, so the API layer decides their bodies.
public struct Router: HTTPResponder {
    private struct Route: Sendable {
        let method: String
        let segments: [Segment]
        let handler: RouteHandler
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private var routes: [Route] = []
    private let notFound: @Sendable (HTTPRequest, RequestContext) -> HTTPResponse
    private let methodNotAllowed: @Sendable (HTTPRequest, [String], RequestContext) -> HTTPResponse

    /// - Parameters:
    ///   - notFound: builds the 404 for a path no route has.
    ///   - methodNotAllowed: builds the 405 for a known path and another method; the server adds `Allow`.
    public init(
        notFound: @escaping @Sendable (HTTPRequest, RequestContext) -> HTTPResponse,
        methodNotAllowed: @escaping @Sendable (HTTPRequest, [String], RequestContext) -> HTTPResponse
    ) {
        self.notFound = notFound
        self.methodNotAllowed = methodNotAllowed
    }

    /// Adds a route. `pattern` segments in braces capture one path segment each.
    ///
    /// ```swift
    /// router.add("GET", "/v1/phota/profiles/{profile_id}/status") { request, parameters, context in … }
    /// ```
    public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping RouteHandler) {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part -> Segment in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
        self.routes.append(Route(method: method, segments: Array(segments), handler: handler))
    }

    /// Every route as (method, pattern), in the order added: for checking routes against a document.
    public var routeTable: [(method: String, pattern: String)] {
        self.routes.map { route in
            let path = route.segments.map { segment -> String in
                switch segment {
                case .literal(let text): text
                case .parameter(let name): "{\(name)}"
                }
            }
            return (route.method, "/" + path.joined(separator: "/"))
        }
    }

    public func respond(to request: HTTPRequest, context: RequestContext) -> Reply {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var allowed: [String] = []
        var allowedParameters = Int.max
        for route in self.routes where route.segments.count == parts.count {
            guard let parameters = Self.match(route.segments, parts) else { continue }
            // RFC 9110 §9.3.2: HEAD is GET without the body; the server drops the body.
            if route.method == request.method || (request.method == "HEAD" && route.method == "GET") {
                return route.handler(request, parameters, context)
            }
            // `Allow` names the methods of the most literal routes for this path: `/profiles/ids` is a
            // GET resource even though `DELETE /profiles/{profile_id}` would also take "ids" as an id.
            if parameters.count < allowedParameters {
                allowed = []
                allowedParameters = parameters.count
            }
            if parameters.count == allowedParameters { allowed.append(route.method) }
        }
        if allowed.isEmpty { return .response(self.notFound(request, context)) }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        var response = self.methodNotAllowed(request, allowed, context)
        response.headers.replaceOrAdd(name: "allow", value: allowed.joined(separator: ", "))
        return .response(response)
    }

    private static func match(_ segments: [Segment], _ parts: ArraySlice<Substring>) -> PathParameters? {
        var parameters = PathParameters()
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard part == text else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                parameters.append(name, String(part))
            }
        }
        return parameters
    }
}
