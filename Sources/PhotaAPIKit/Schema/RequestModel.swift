// SPDX-License-Identifier: Apache-2.0

/// A request body model with a declared `Schema`: it gains the `validate` entry points.
///
/// ```swift
/// switch EditRequest.validate(body: request.body, contentType: request.headers["content-type"]) {
/// case .success(let edit): render(edit)
/// case .failure(let failure): return failure.response
/// }
/// ```
public protocol RequestModel: Sendable {
    /// The body schema, built once.
    static var schema: Schema<Self> { get }
}

extension RequestModel {
    /// Validates a raw request body exactly as the Phota API does, including its answer when invalid.
    /// - Parameters:
    ///   - body: The request body bytes (de-chunked).
    ///   - contentType: The `Content-Type` header value, or nil when absent.
    /// - Returns: The model, or the failure whose `status`, `contentType` and `body` are the response to send.
    public static func validate(body: [UInt8], contentType: String?) -> Result<Self, ValidationFailure> {
        self.schema.validate(body: body, contentType: contentType)
    }

    /// Validates a raw request body held in a buffer; see `validate(body:contentType:)`.
    public static func validate(
        body: UnsafeBufferPointer<UInt8>,
        contentType: String?
    ) -> Result<Self, ValidationFailure> {
        self.schema.validate(body: body, contentType: contentType)
    }

    /// Validates an already parsed JSON body.
    public static func validate(document: JSONValue) -> Result<Self, ValidationFailure> {
        self.schema.validate(document: document)
    }
}
