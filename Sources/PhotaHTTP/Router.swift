// SPDX-License-Identifier: Apache-2.0

/// Path parameters captured by a route pattern such as `/v1/phota/profiles/{profile_id}/status`.
public struct PathParameters: Sendable {
    private var pairs: [(String, String)] = []

    public init() {}

    init(capacity: Int) {
        self.pairs.reserveCapacity(capacity)
    }

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
/// fallbacks, so the API layer decides their bodies; path prefixes can be given their own
/// `RouteGroup` rules (escapes, HEAD, trailing slashes).
///
/// Paths are matched segment by segment on the raw path, each segment percent-decoded after the
/// split: `%2F` is a character of its segment, not a separator (RFC 3986 §2.2: an encoded reserved
/// character is not equivalent to the character itself).
public struct Router: HTTPResponder {
    /// A class: routes are read out of the table for every request, and a struct of four reference-counted
    /// fields was four retains and releases each time.
    private final class Route: Sendable {
        let method: String
        /// As given to `add`, e.g. `/v1/phota/profiles/{profile_id}/status`.
        let pattern: String
        let segments: [Segment]
        let handler: RouteHandler

        init(method: String, pattern: String, segments: [Segment], handler: @escaping RouteHandler) {
            self.method = method
            self.pattern = pattern
            self.segments = segments
            self.handler = handler
        }
    }

    /// Literals are kept as bytes: paths are matched on their bytes (canonical equivalence must not let
    /// another spelling reach a literal route).
    private enum Segment: Sendable, Equatable {
        case literal([UInt8])
        case parameter(String)
    }

    /// Everything the router holds, in one box: a router is copied into every closure that dispatches, and a
    /// copy of six reference-counted fields was six retains and releases per request; now it is one. Immutable
    /// (adding a route makes a new box, while the routes are set up before serving), so reading it needs no
    /// exclusivity check.
    private final class Table: Sendable {
        let routes: [Route]
        /// Route indices by segment count, each list in the order the routes were added.
        let routesBySegmentCount: [[Int]]
        let groups: [(prefix: [[UInt8]], group: RouteGroup)]
        let notFound: @Sendable (HTTPRequest, RequestContext) -> HTTPResponse
        let methodNotAllowed: @Sendable (HTTPRequest, [String], RequestContext) -> HTTPResponse
        let badRequest: @Sendable (HTTPRequest, String, RequestContext) -> HTTPResponse

        init(
            routes: [Route] = [], routesBySegmentCount: [[Int]] = [],
            groups: [(prefix: [[UInt8]], group: RouteGroup)] = [],
            notFound: @escaping @Sendable (HTTPRequest, RequestContext) -> HTTPResponse,
            methodNotAllowed: @escaping @Sendable (HTTPRequest, [String], RequestContext) -> HTTPResponse,
            badRequest: @escaping @Sendable (HTTPRequest, String, RequestContext) -> HTTPResponse
        ) {
            self.routes = routes
            self.routesBySegmentCount = routesBySegmentCount
            self.groups = groups
            self.notFound = notFound
            self.methodNotAllowed = methodNotAllowed
            self.badRequest = badRequest
        }

        func with(
            routes: [Route]? = nil, routesBySegmentCount: [[Int]]? = nil,
            groups: [(prefix: [[UInt8]], group: RouteGroup)]? = nil
        ) -> Table {
            Table(
                routes: routes ?? self.routes, routesBySegmentCount: routesBySegmentCount ?? self.routesBySegmentCount,
                groups: groups ?? self.groups, notFound: self.notFound, methodNotAllowed: self.methodNotAllowed,
                badRequest: self.badRequest)
        }
    }

    private var table: Table
    private var routes: [Route] { self.table.routes }
    private var routesBySegmentCount: [[Int]] { self.table.routesBySegmentCount }
    private var groups: [(prefix: [[UInt8]], group: RouteGroup)] { self.table.groups }
    private var notFound: @Sendable (HTTPRequest, RequestContext) -> HTTPResponse { self.table.notFound }
    private var methodNotAllowed: @Sendable (HTTPRequest, [String], RequestContext) -> HTTPResponse {
        self.table.methodNotAllowed
    }
    private var badRequest: @Sendable (HTTPRequest, String, RequestContext) -> HTTPResponse { self.table.badRequest }

    /// - Parameters:
    ///   - notFound: builds the 404 for a path no route has.
    ///   - methodNotAllowed: builds the 405 for a known path and another method; the server adds `Allow`.
    ///   - badRequest: builds the 400 for a malformed escape under a strict group (the detail is given).
    public init(
        notFound: @escaping @Sendable (HTTPRequest, RequestContext) -> HTTPResponse,
        methodNotAllowed: @escaping @Sendable (HTTPRequest, [String], RequestContext) -> HTTPResponse,
        badRequest: @escaping @Sendable (HTTPRequest, String, RequestContext) -> HTTPResponse = { _, detail, context in
            PlainErrorBody.response(status: .badRequest, detail: detail, requestID: context.requestID)
        }
    ) {
        self.table = Table(notFound: notFound, methodNotAllowed: methodNotAllowed, badRequest: badRequest)
    }

    /// Adds a route. `pattern` segments in braces capture one path segment each.
    ///
    /// ```swift
    /// router.add("GET", "/v1/phota/profiles/{profile_id}/status") { request, parameters, context in … }
    /// ```
    public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping RouteHandler) {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            part -> Segment in
            part.hasPrefix("{") && part.hasSuffix("}")
                ? .parameter(String(part.dropFirst().dropLast())) : .literal(Array(part.utf8))
        }
        var bySegmentCount = self.routesBySegmentCount
        while bySegmentCount.count <= segments.count { bySegmentCount.append([]) }
        bySegmentCount[segments.count].append(self.routes.count)
        let route = Route(method: method, pattern: pattern, segments: Array(segments), handler: handler)
        self.table = self.table.with(routes: self.routes + [route], routesBySegmentCount: bySegmentCount)
    }

    /// Applies `group` to every request whose path starts with the segments of `prefix` (the
    /// longest configured prefix wins; requests under none get `RouteGroup()`).
    public mutating func configure(prefix: String, _ group: RouteGroup) {
        let segments = prefix.split(separator: "/").map { Array($0.utf8) }
        let groups = (self.groups + [(segments, group)]).sorted { $0.prefix.count > $1.prefix.count }
        self.table = self.table.with(groups: groups)
    }

    /// Every route as (method, pattern), in the order added: for checking routes against a document.
    public var routeTable: [(method: String, pattern: String)] {
        self.routes.map { ($0.method, $0.pattern) }
    }

    /// The pattern of the route `request`'s path belongs to, whatever its method: the most literal one, as
    /// dispatch and `Allow` decide it; nil when no route has this path. Metrics label requests with it, so the
    /// route table is the only list of routes and dispatch the only way paths are matched.
    public func routePattern(for request: HTTPRequest) -> String? {
        PathSegments.with(request.rawPath) { self.routePattern(of: $0) }
    }

    private func routePattern(of path: PathSegments) -> String? {
        var best: Route?
        var bestParameters = Int.max
        for index in self.candidates(path) {
            let route = self.routes[index]
            guard let parameters = Self.parameterCount(route.segments, path), parameters < bestParameters else {
                continue
            }
            best = route
            bestParameters = parameters
        }
        return best?.pattern
    }

    public func respond(to request: HTTPRequest, context: RequestContext) -> Reply {
        PathSegments.with(request.rawPath) { path in self.respond(to: request, path: path, context: context) }
    }

    private func respond(to request: HTTPRequest, path: PathSegments, context: RequestContext) -> Reply {
        let group = self.group(for: path)
        if group.escapes == .strict, let detail = Self.malformedEscape(request) {
            var response = self.badRequest(request, detail, context)
            response.closesConnection = true
            return .response(response)
        }
        var allowed: [String] = []
        var allowedParameters = Int.max
        for index in self.candidates(path) {
            let route = self.routes[index]
            guard let parameterCount = Self.parameterCount(route.segments, path) else { continue }
            if route.method == request.method
                || (group.headAnswersLikeGet && request.method == "HEAD" && route.method == "GET")
            {
                if let authorize = group.authorize, let refusal = authorize(request, route.pattern, context) {
                    return .response(refusal.adding(group.responseHeaders))
                }
                let parameters = Self.parameters(route.segments, path)
                let handlerContext =
                    group.responseHeaders.isEmpty ? context : context.addingHeaders(group.responseHeaders)
                switch route.handler(request, parameters, handlerContext) {
                case .response(var response):
                    response.routePattern = self.routePattern(of: path)
                    return .response(group.responseHeaders.isEmpty ? response : response.adding(group.responseHeaders))
                case .deferred:
                    return .deferred
                }
            }
            // `Allow` names the methods of the most literal routes for this path: `/profiles/ids` is a
            // GET resource even though `DELETE /profiles/{profile_id}` would also take "ids" as an id.
            if parameterCount < allowedParameters {
                allowed = []
                allowedParameters = parameterCount
            }
            if parameterCount == allowedParameters { allowed.append(route.method) }
        }
        if allowed.isEmpty {
            if let redirect = group.slashRedirect, let alternate = self.slashAlternate(request.rawPath) {
                return .response(redirect(request, alternate, context).adding(group.responseHeaders))
            }
            return .response(self.notFound(request, context).adding(group.responseHeaders))
        }
        if group.headAnswersLikeGet && allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        var response = self.methodNotAllowed(request, allowed, context)
        response.headers.replaceOrAdd(name: "allow", value: allowed.joined(separator: ", "))
        return .response(response.adding(group.responseHeaders))
    }

    /// The routes with as many segments as `path`, in the order added.
    private func candidates(_ path: PathSegments) -> [Int] {
        path.count < self.routesBySegmentCount.count ? self.routesBySegmentCount[path.count] : []
    }

    /// The 400 detail for a malformed percent-escape in the path or query, nil when both are well formed.
    private static func malformedEscape(_ request: HTTPRequest) -> String? {
        if !PercentDecoding.isWellFormed(request.rawPath) { return "Malformed percent-encoding in path." }
        if !PercentDecoding.isWellFormed(request.rawQuery) { return "Malformed percent-encoding in query." }
        return nil
    }

    /// The fields the group of `request`'s path adds to every answer (`RouteGroup.responseHeaders`), for a
    /// responder in front of the router that answers some requests itself (injected faults).
    public func responseHeaders(for request: HTTPRequest) -> [(name: String, value: String)] {
        guard !self.groups.isEmpty else { return [] }
        return PathSegments.with(request.rawPath) { self.group(for: $0).responseHeaders }
    }

    private func group(for path: PathSegments) -> RouteGroup {
        for (prefix, group) in self.groups where prefix.count <= path.count {
            var matched = true
            for (index, literal) in prefix.enumerated() where !path.equals(index, literal) {
                matched = false
                break
            }
            if matched { return group }
        }
        return RouteGroup()
    }

    /// The raw path with its trailing slashes removed, or with one added, when some route (of any
    /// method) matches it; nil otherwise and for `/` itself.
    private func slashAlternate(_ rawPath: String) -> String? {
        guard rawPath != "/" else { return nil }
        var alternate = Substring(rawPath)
        if alternate.hasSuffix("/") {
            while alternate.hasSuffix("/") { alternate = alternate.dropLast() }
        } else {
            alternate += "/"
        }
        guard alternate.hasPrefix("/") else { return nil }
        let matches = PathSegments.with(String(alternate)) { path in
            self.candidates(path).contains { Self.parameterCount(self.routes[$0].segments, path) != nil }
        }
        return matches ? String(alternate) : nil
    }

    /// How many parameters `segments` capture from `path`, or nil when they do not match (nothing is copied).
    private static func parameterCount(_ segments: [Segment], _ path: PathSegments) -> Int? {
        var count = 0
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .literal(let bytes):
                guard path.equals(index, bytes) else { return nil }
            case .parameter:
                guard !path.isEmpty(index) else { return nil }
                count += 1
            }
        }
        return count
    }

    /// The parameters of a route that matched `path`.
    private static func parameters(_ segments: [Segment], _ path: PathSegments) -> PathParameters {
        var parameters = PathParameters(capacity: 2)
        for (index, segment) in segments.enumerated() {
            if case .parameter(let name) = segment { parameters.append(name, path.string(index)) }
        }
        return parameters
    }
}
