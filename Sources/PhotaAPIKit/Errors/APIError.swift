// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// An error the API answers with: status, Phota error code and a human-readable detail. The only
/// place domain and storage failures become HTTP (house rule: convert at the boundary).
public struct APIError: Error, Sendable, Equatable {
    public let status: HTTPStatus
    public let code: String
    public let detail: String
    /// Extra response headers (e.g. `Retry-After`).
    public var headers: [(String, String)] = []

    public init(status: HTTPStatus, code: String, detail: String, headers: [(String, String)] = []) {
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers
    }

    /// An error whose code is the status's own, from the one status → code table (`DefaultErrorBody.code(for:)`).
    public init(status: HTTPStatus, detail: String, headers: [(String, String)] = []) {
        self.init(status: status, code: DefaultErrorBody.code(for: status), detail: detail, headers: headers)
    }

    /// The response, with `request_id` equal to the `X-Request-Id` header the server adds.
    public func response(requestID: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        for (name, value) in self.headers { headers.add(name: name, value: value) }
        return .json(
            self.status,
            "{\"detail\":\(JSONText.quote(self.detail)),\"code\":\(JSONText.quote(self.code)),\"request_id\":\(JSONText.quote(requestID))}",
            headers: headers
        )
    }

    public static func == (lhs: APIError, rhs: APIError) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.detail == rhs.detail
    }

    /// 401: the seed's text for a missing or unknown key.
    public static let unauthorized = APIError(
        status: HTTPStatus(401), code: "UNAUTHORIZED", detail: "Missing or invalid API key in the X-API-Key header."
    )
    /// 402: the documented text for an empty prepaid balance.
    public static let insufficientCredit = APIError(
        status: HTTPStatus(402), code: "INSUFFICIENT_CREDIT", detail: "Insufficient prepaid credit balance."
    )
    /// 404 for an unknown, deleted or foreign profile.
    public static let profileNotFound = APIError(
        status: .notFound, code: "PROFILE_NOT_FOUND", detail: "Profile not found.")
    /// 404 for a profile used before it is `READY`.
    public static let profileNotReady = APIError(
        status: .notFound, code: "PROFILE_NOT_READY", detail: "Profile is not ready.")
    /// 404 for a path no route has.
    public static let notFound = APIError(status: .notFound, detail: "Not Found")
    /// 405 for a known path and another method.
    public static let methodNotAllowed = APIError(status: .methodNotAllowed, detail: "Method Not Allowed")
    /// 400 for a request the API cannot carry out as asked, with the reason.
    public static func badRequest(_ detail: String) -> APIError {
        APIError(status: .badRequest, code: "BAD_REQUEST", detail: detail)
    }
    /// 400 for content the moderation refuses.
    public static let contentModeration = APIError(
        status: .badRequest, code: "CONTENT_MODERATION", detail: "The request was rejected by content moderation.")
    /// 504 for a synchronous request that ran past its time budget.
    public static let gatewayTimeout = APIError(
        status: HTTPStatus(504), detail: "The request did not finish within 600 seconds; its charge was refunded.")
    /// 500 for anything unexpected; the cause is logged, never sent.
    public static let internalError = APIError(status: .internalServerError, detail: "Internal server error.")
}
