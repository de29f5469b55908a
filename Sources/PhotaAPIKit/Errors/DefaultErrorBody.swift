// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// The Phota error body for errors no handler answers: what the HTTP layer detects itself (malformed
/// requests, limits, timeouts) and what a router answers for a path or method it lacks. The app installs
/// `response` as the server's `ErrorResponseBuilder`, so those errors carry the body the API's own do.
public enum DefaultErrorBody {
    /// A response with the Phota error body, `{"detail": …, "code": …, "request_id": …}`, coded by `code(for:)`.
    public static func response(status: HTTPStatus, detail: String, requestID: String) -> HTTPResponse {
        APIError(status: status, detail: detail).response(requestID: requestID)
    }

    /// The machine-readable code for a status no handler coded: the one status → code table.
    public static func code(for status: HTTPStatus) -> String {
        switch status.code {
        case 403: "FORBIDDEN"
        case 404: "NOT_FOUND"
        case 405: "METHOD_NOT_ALLOWED"
        case 408: "REQUEST_TIMEOUT"
        case 413: "PAYLOAD_TOO_LARGE"
        case 414: "URI_TOO_LONG"
        case 417: "EXPECTATION_FAILED"
        case 431: "HEADERS_TOO_LARGE"
        case 500: "INTERNAL_ERROR"
        case 501: "NOT_IMPLEMENTED"
        case 503: "SERVICE_UNAVAILABLE"
        case 504: "GATEWAY_TIMEOUT"
        case 505: "HTTP_VERSION_NOT_SUPPORTED"
        default: "BAD_REQUEST"
        }
    }
}
