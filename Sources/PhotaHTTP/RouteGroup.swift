// SPDX-License-Identifier: Apache-2.0

/// How the router treats the requests under one path prefix, so an API can reproduce the framework
/// it emulates without special cases in its handlers.
///
/// ```swift
/// var group = RouteGroup()
/// group.escapes = .lenient
/// group.headAnswersLikeGet = false
/// router.configure(prefix: "/v1/phota", group)
/// ```
public struct RouteGroup: Sendable {
    /// What a malformed percent-escape (`%ZZ`, `%`, `%2`) in the path or query means.
    public enum Escapes: Sendable {
        /// RFC 3986 §2.1: it is not a URI; `400` and the connection closes, as after a parse error.
        case strict
        /// Kept as the literal text, the way Python's `urllib.parse` (and so Starlette) reads it.
        case lenient
    }

    /// Builds the answer for a path that matches no route while the same path with its trailing
    /// slashes removed (or one added, if it has none) does. `alternatePath` is that raw path.
    public typealias SlashRedirect =
        @Sendable (_ request: HTTPRequest, _ alternatePath: String, _ context: RequestContext) -> HTTPResponse

    public var escapes = Escapes.strict
    /// RFC 9110 §9.3.2: HEAD is GET without the body, so a GET route answers HEAD too (and `Allow`
    /// names HEAD). False: HEAD matches only routes registered for HEAD.
    public var headAnswersLikeGet = true
    /// Nil: such a path is simply unknown (404).
    public var slashRedirect: SlashRedirect?
    /// Fields added to every answer of the group's routes, immediate or deferred (e.g. a deprecation date
    /// an API announces on some endpoints); a field the handler set itself is left as it set it.
    public var responseHeaders: [(name: String, value: String)] = []

    /// Decides, before the handler runs, whether a request to one of the group's routes may reach it: nil lets it
    /// through, a response refuses it (and is sent as the answer). It is asked only once a route matched, so an
    /// unknown path is still `404` and a wrong method `405`, whoever asks.
    public typealias Authorization =
        @Sendable (_ request: HTTPRequest, _ routePattern: String, _ context: RequestContext) -> HTTPResponse?
    public var authorize: Authorization?

    public init() {}
}
