// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// Who may use `/_mock`. With a token, every admin call but health and readiness must present it
/// (`Authorization: Bearer <token>` or `X-Admin-Token: <token>`). Without one, the admin API is
/// served only when the server listens on a loopback address; on any other address it answers 403,
/// so a mock exposed on a network cannot be reset or broken by whoever reaches it.
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
            // The scheme is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are the same.
            let bearer = request.headers["authorization"].flatMap { value -> String? in
                guard value.count > 7, value.prefix(7).lowercased() == "bearer " else { return nil }
                return String(value.dropFirst(7).drop { $0 == " " })
            }
            guard bearer == token || request.headers["x-admin-token"] == token else {
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

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
