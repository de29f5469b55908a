// SPDX-License-Identifier: Apache-2.0

/// The body schema of one request model, as a Pydantic `BaseModel` declares it: fields validated in declaration
/// order (every field's errors reported, unknown members ignored), defaults for absent optional fields, and a
/// `model_validator(mode="after")` that runs only once every field is valid.
///
/// A model declares its schema once, as a static constant, so a request builds nothing but its own values:
///
/// ```swift
/// static let schema = Schema(
///     defaults: AddProfileRequest(imageURLs: []),
///     fields: [
///         .stringList("image_urls", count: Bounds(5...50), required: true) { $0.imageURLs = $1 },
///         .enumeration("training_tier", TrainingTierName.self) { $0.tier = $1 },
///         .optionalString("tag", length: Bounds(1...128)) { $0.tag = $1 },
///     ],
///     check: { $0.tierCountProblem }
/// )
/// ```
public struct Schema<Model: Sendable>: Sendable {
    /// The model with every default in place; required fields hold a placeholder that validation replaces.
    public let defaults: Model
    /// The fields, in declaration order (which is the order of the errors).
    public let fields: [Field<Model>]
    /// The model validator: the reason of the `ValueError` it raises, or nil when the model is fine.
    let check: (@Sendable (Model) -> String?)?

    /// A schema.
    /// - Parameters:
    ///   - defaults: The model as an empty body would leave it (Pydantic's field defaults).
    ///   - fields: The fields, in declaration order.
    ///   - check: `model_validator(mode="after")`: returns the message of the `ValueError` it would raise (without
    ///     Pydantic's `Value error, ` prefix), reported at `["body"]` with the whole body as input.
    public init(defaults: Model, fields: [Field<Model>], check: (@Sendable (Model) -> String?)? = nil) {
        self.defaults = defaults
        self.fields = fields
        self.check = check
    }

    /// Validates an already parsed JSON body.
    /// - Returns: The model, or the failure whose `status`, `contentType` and `body` are the response to send.
    public func validate(document: JSONValue) -> Result<Model, ValidationFailure> {
        self.validate(document: document, loneSurrogateStrings: [])
    }

    /// Validates a parsed body whose strings in `loneSurrogateStrings` held lone surrogates in Python.
    func validate(document: JSONValue, loneSurrogateStrings: Set<ExactString>) -> Result<Model, ValidationFailure> {
        func failure(_ errors: [ValidationErrorItem]) -> Result<Model, ValidationFailure> {
            .failure(ValidationFailure(errors: errors, loneSurrogateStrings: loneSurrogateStrings))
        }
        guard case .object(let object) = document else {
            return failure([.modelAttributesType(at: ["body"], input: document)])
        }
        var context = ValidationContext(loneSurrogateStrings: loneSurrogateStrings)
        var model = self.defaults
        // Fields are read in place, not copied out of the array: this loop runs for every request.
        for index in self.fields.indices {
            if let input = object[self.fields[index].name] {
                if let value = self.fields[index].type.validate(input, at: self.fields[index].location, in: &context) {
                    self.fields[index].store(&model, value)
                }
            } else if self.fields[index].isRequired {
                context.errors.append(.missing(at: self.fields[index].location, input: document))
            }
        }
        guard context.errors.isEmpty else { return failure(context.errors) }
        if let reason = self.check?(model) { return failure([.valueError(reason, at: ["body"], input: document)]) }
        // Pydantic lets a lone surrogate through in a plain `str`, but nothing downstream can UTF-8-encode it:
        // not the answer (the reference app's echo fails with its plain-text 500) and not what would be stored.
        // So the request fails as FastAPI fails on any such string, and nothing is done with it.
        if context.acceptedLoneSurrogate { return .failure(.internalServerError) }
        return .success(model)
    }
}
