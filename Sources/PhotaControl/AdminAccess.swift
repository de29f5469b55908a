// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaHTTP

/// Who may use `/_mock`. With a token, every admin call but health and readiness must present it
/// (`Authorization: Bearer <token>` or `X-Admin-Token: <token>`). Without one, the admin API is
/// served only when the server listens on a loopback address; on any other address it answers 403,
/// so a mock exposed on a network cannot be reset or broken by whoever reaches it. The dashboard's page and
/// assets (`GET /_mock/ui`, `/_mock/ui/app.js`, `/_mock/ui/app.css`) also take the token as `?token=<token>`:
/// a browser sends no header when it navigates.
public struct AdminAccess: Sendable {
    let token: String?
    let loopbackOnly: Bool

    /// - Parameters:
    ///   - token: the admin token, if any.
    ///   - host: the address the server listens on.
    public init(token: String?, host: String) {
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.loopbackOnly = Self.isLoopback(host)
    }

    /// - Throws: 401 `ADMIN_UNAUTHORIZED` for a missing or wrong token, 403 `ADMIN_DISABLED` off loopback without one.
    func check(_ request: HTTPRequest) throws(APIError) {
        if let token = self.token {
            let bearer = request.headers["authorization"].flatMap(Self.bearerCredentials)
            // Bytes, not `==`: the Kelvin sign must not pass for a `K` in the token.
            let matches = { (presented: String?) in presented?.hasSameBytes(as: token) == true }
            let inQuery = Self.tokenInQueryRoutes.contains(request.path) ? request.queryValue("token") : nil
            guard matches(bearer) || matches(request.headers["x-admin-token"]) || matches(inQuery) else {
                // A 401 names the scheme it wants (RFC 9110 §15.5.2).
                throw APIError(
                    status: HTTPStatus(401), code: "ADMIN_UNAUTHORIZED", detail: "Missing or invalid admin token.",
                    headers: [("www-authenticate", #"Bearer realm="phota-mock admin""#)]
                )
            }
            return
        }
        guard self.loopbackOnly else {
            throw APIError(
                status: HTTPStatus(403), code: "ADMIN_DISABLED",
                detail: "The admin API is served on non-loopback addresses only with --admin-token."
            )
        }
    }

    /// The credentials of `Bearer <token>`; the scheme is case-insensitive (RFC 9110 §11.1), so `bearer` and
    /// `BEARER` are the same. Read as bytes: a non-ASCII letter must not fold into the scheme's name.
    static func bearerCredentials(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        let scheme = Array("bearer ".utf8)
        guard bytes.count > scheme.count else { return nil }
        for (byte, expected) in zip(bytes, scheme) where (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != expected
        {
            return nil
        }
        let credentials = bytes[scheme.count...].drop { $0 == UInt8(ascii: " ") }
        return String(decoding: credentials, as: UTF8.self)
    }

    /// Routes served to anyone: liveness, readiness and the control plane's own OpenAPI document.
    static let openRoutes: Set = ["/_mock/health", "/_mock/ready", "/_mock/openapi.json"]
    /// Routes open for one method only: the callback inbox receives from anyone (its contents need access).
    static let openMethodRoutes: Set = ["POST /_mock/inbox/{name}"]

    /// Paths a browser navigates to or loads as assets, where the token may be the query parameter `token`. Only
    /// routes registered for GET have them, so this holds for GET and HEAD alone (any other method is a 405).
    static let tokenInQueryRoutes: Set = ["/_mock/ui", "/_mock/ui/app.js", "/_mock/ui/app.css"]

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
