// SPDX-License-Identifier: Apache-2.0

public import PhotaHTTP

/// A rejected request, with the exact response the Phota API (FastAPI) gives for it.
///
/// Usually a 422 whose body is `{"detail":[…]}` with the items in Pydantic's order. Two other outcomes mirror
/// FastAPI too: a body Python cannot decode at all (not UTF-8/16/32, an integer over 4300 digits, nesting too
/// deep) is a 400 `{"detail":"There was an error parsing the body"}`, and a 422 whose echoed `input` holds NaN or
/// an infinity (which `json.dumps(allow_nan=False)` refuses) or a string with a lone surrogate (which UTF-8 cannot
/// encode) is a plain-text 500 `Internal Server Error`.
public struct ValidationFailure: Error, Sendable, Equatable {
    /// The error items in order (kept for the 500 case too); empty for the 400 and a bare 500.
    public let errors: [ValidationErrorItem]
    /// The response status: 422, or 400/500 as described above.
    public let status: HTTPStatus
    /// The response `Content-Type`.
    public let contentType: String
    /// The response body bytes.
    public let body: [UInt8]

    /// A 422 carrying `errors`, rendered as FastAPI does (or FastAPI's 500 when an input cannot be rendered).
    public init(errors: [ValidationErrorItem]) {
        self.init(errors: errors, loneSurrogateStrings: [])
    }

    /// A 422 carrying `errors`; echoing any of `loneSurrogateStrings` (Python strings with lone surrogates, which
    /// cannot be encoded as UTF-8) makes it FastAPI's 500 instead.
    package init(errors: [ValidationErrorItem], loneSurrogateStrings: Set<ExactString>) {
        self.errors = errors
        var document = JSONObject()
        document["detail"] = .array(errors.map(\.jsonValue))
        if let body = try? JSONSerializer.serialize(.object(document), loneSurrogateStrings: loneSurrogateStrings) {
            self.body = body
            self.status = HTTPStatus(422)
            self.contentType = "application/json"
        } else {
            self.body = Self.internalServerError.body
            self.status = Self.internalServerError.status
            self.contentType = Self.internalServerError.contentType
        }
    }

    /// FastAPI's plain-text 500, for an error whose `input` cannot be rendered.
    public static let internalServerError = ValidationFailure(
        status: HTTPStatus(500),
        contentType: "text/plain; charset=utf-8",
        body: Array("Internal Server Error".utf8)
    )

    /// FastAPI's answer to a body that `json.loads` rejects with something other than `JSONDecodeError`.
    public static let unparsableBody = ValidationFailure(
        status: HTTPStatus(400),
        contentType: "application/json",
        body: Array(#"{"detail":"There was an error parsing the body"}"#.utf8)
    )

    private init(status: HTTPStatus, contentType: String, body: [UInt8]) {
        self.errors = []
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}
