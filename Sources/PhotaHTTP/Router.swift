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
/// fallbacks, so the API layer decides their bodies; path prefixes can be given their own
/// `RouteGroup` rules (escapes, HEAD, trailing slashes).
///
/// Paths are matched segment by segment on the raw path, each segment percent-decoded after the
/// split: `%2F` is a character of its segment, not a separator (RFC 3986 §2.2: an encoded reserved
/// character is not equivalent to the character itself).
public struct Router: HTTPResponder {
    private struct Route: Sendable {
        let method: String
        /// As given to `add`, e.g. `/v1/phota/profiles/{profile_id}/status`.
        let pattern: String
        let segments: [Segment]
        let handler: RouteHandler
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private var routes: [Route] = []
    private var groups: [(prefix: [String], group: RouteGroup)] = []
    private let notFound: @Sendable (HTTPRequest, RequestContext) -> HTTPResponse
    private let methodNotAllowed: @Sendable (HTTPRequest, [String], RequestContext) -> HTTPResponse
    private let badRequest: @Sendable (HTTPRequest, String, RequestContext) -> HTTPResponse

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
        self.notFound = notFound
        self.methodNotAllowed = methodNotAllowed
        self.badRequest = badRequest
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
                ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
        self.routes.append(Route(method: method, pattern: pattern, segments: Array(segments), handler: handler))
    }

    /// Applies `group` to every request whose path starts with the segments of `prefix` (the
    /// longest configured prefix wins; requests under none get `RouteGroup()`).
    public mutating func configure(prefix: String, _ group: RouteGroup) {
        let segments = prefix.split(separator: "/").map(String.init)
        self.groups.append((segments, group))
        self.groups.sort { $0.prefix.count > $1.prefix.count }
    }

    /// Every route as (method, pattern), in the order added: for checking routes against a document.
    public var routeTable: [(method: String, pattern: String)] {
        self.routes.map { ($0.method, $0.pattern) }
    }

    /// The pattern of the route `request`'s path belongs to, whatever its method: the most literal one, as
    /// dispatch and `Allow` decide it; nil when no route has this path. Metrics label requests with it, so the
    /// route table is the only list of routes and dispatch the only way paths are matched.
    public func routePattern(for request: HTTPRequest) -> String? {
        var rawPath = request.rawPath
        // Every request is labelled, so a path without escapes is matched on its bytes in place (no segment
        // array); one with escapes takes dispatch's own decoding.
        let direct = rawPath.withUTF8 { path -> String?? in
            guard !path.contains(UInt8(ascii: "%")) else { return .none }
            return .some(self.routePattern(inRawBytes: path))
        }
        if let direct { return direct }
        let parts = Self.segments(of: request.rawPath)
        var best: Route?
        var bestParameters = Int.max
        for route in self.routes where route.segments.count == parts.count {
            guard let parameters = Self.parameterCount(route.segments, parts), parameters < bestParameters else {
                continue
            }
            best = route
            bestParameters = parameters
        }
        return best?.pattern
    }

    /// `routePattern(for:)` for a path with no percent-escape, read as bytes.
    private func routePattern(inRawBytes path: UnsafeBufferPointer<UInt8>) -> String? {
        guard path.first == UInt8(ascii: "/") else { return nil }
        let slashes = path.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
        var best: Route?
        var bestParameters = Int.max
        for route in self.routes where route.segments.count == slashes {
            var start = 1
            var parameters = 0
            var matched = true
            for segment in route.segments {
                var end = start
                while end < path.count && path[end] != UInt8(ascii: "/") { end += 1 }
                let part = UnsafeBufferPointer(rebasing: path[start..<end])
                switch segment {
                case .literal(let text):
                    matched = text.utf8.elementsEqual(part)
                case .parameter:
                    matched = !part.isEmpty
                    parameters += 1
                }
                if !matched { break }
                start = end + 1
            }
            if matched && parameters < bestParameters {
                best = route
                bestParameters = parameters
            }
        }
        return best?.pattern
    }

    public func respond(to request: HTTPRequest, context: RequestContext) -> Reply {
        let parts = Self.segments(of: request.rawPath)
        let group = self.group(for: parts)
        if group.escapes == .strict, let detail = Self.malformedEscape(request) {
            var response = self.badRequest(request, detail, context)
            response.closesConnection = true
            return .response(response)
        }
        var allowed: [String] = []
        var allowedParameters = Int.max
        for route in self.routes where route.segments.count == parts.count {
            guard let parameters = Self.match(route.segments, parts) else { continue }
            if route.method == request.method
                || (group.headAnswersLikeGet && request.method == "HEAD" && route.method == "GET")
            {
                if let authorize = group.authorize, let refusal = authorize(request, route.pattern, context) {
                    return .response(refusal.adding(group.responseHeaders))
                }
                guard !group.responseHeaders.isEmpty else { return route.handler(request, parameters, context) }
                switch route.handler(request, parameters, context.addingHeaders(group.responseHeaders)) {
                case .response(let response): return .response(response.adding(group.responseHeaders))
                case .deferred: return .deferred
                }
            }
            // `Allow` names the methods of the most literal routes for this path: `/profiles/ids` is a
            // GET resource even though `DELETE /profiles/{profile_id}` would also take "ids" as an id.
            if parameters.count < allowedParameters {
                allowed = []
                allowedParameters = parameters.count
            }
            if parameters.count == allowedParameters { allowed.append(route.method) }
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

    /// The 400 detail for a malformed percent-escape in the path or query, nil when both are well formed.
    private static func malformedEscape(_ request: HTTPRequest) -> String? {
        if !PercentDecoding.isWellFormed(request.rawPath) { return "Malformed percent-encoding in path." }
        if !PercentDecoding.isWellFormed(request.rawQuery) { return "Malformed percent-encoding in query." }
        return nil
    }

    /// The path's segments after the leading `/`, each percent-decoded (malformed escapes kept).
    private static func segments(of rawPath: String) -> [Substring] {
        let raw = rawPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard rawPath.utf8.contains(UInt8(ascii: "%")) else { return Array(raw) }
        return raw.map { Substring(PercentDecoding.decode($0, plusIsSpace: false)) }
    }

    /// The fields the group of `request`'s path adds to every answer (`RouteGroup.responseHeaders`), for a
    /// responder in front of the router that answers some requests itself (injected faults).
    public func responseHeaders(for request: HTTPRequest) -> [(name: String, value: String)] {
        guard !self.groups.isEmpty else { return [] }
        return self.group(for: Self.segments(of: request.rawPath)).responseHeaders
    }

    private func group(for parts: [Substring]) -> RouteGroup {
        for (prefix, group) in self.groups where prefix.count <= parts.count {
            if zip(prefix, parts).allSatisfy({ $0 == $1 }) { return group }
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
        let parts = Self.segments(of: String(alternate))
        let matches = self.routes.contains { $0.segments.count == parts.count && Self.match($0.segments, parts) != nil }
        return matches ? String(alternate) : nil
    }

    /// How many parameters `segments` capture from `parts`, or nil when they do not match (nothing is copied).
    private static func parameterCount(_ segments: [Segment], _ parts: [Substring]) -> Int? {
        var count = 0
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard part.utf8.elementsEqual(text.utf8) else { return nil }
            case .parameter:
                guard !part.isEmpty else { return nil }
                count += 1
            }
        }
        return count
    }

    private static func match(_ segments: [Segment], _ parts: [Substring]) -> PathParameters? {
        var parameters = PathParameters()
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                // Bytes, not `==`: canonical equivalence would let another spelling reach a literal route.
                guard part.utf8.elementsEqual(text.utf8) else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                parameters.append(name, String(part))
            }
        }
        return parameters
    }
}
