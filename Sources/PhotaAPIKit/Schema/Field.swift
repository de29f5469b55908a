// SPDX-License-Identifier: Apache-2.0

/// One field of a request model: its JSON name (Pydantic's alias where there is one), its type, whether it is
/// required, and where its validated value goes in the Swift model.
///
/// Fields are declared once, in a model's static `Schema`, with the typed constructors in `Field+Kinds.swift`:
///
/// ```swift
/// .integer("num_output_images", 1...4) { $0.numOutputImages = $1 }
/// ```
public struct Field<Model>: Sendable {
    /// The member name in the JSON body, e.g. `image_urls` or `async`.
    public let name: String
    /// How the value is validated.
    public let type: FieldType
    /// Whether an absent member is a `missing` error; otherwise the schema's defaults keep their value.
    public let isRequired: Bool
    /// `["body", name]`, built once with the schema rather than per request.
    let location: [ValidationErrorItem.LocationElement]
    /// Writes a value `type` accepted into the model.
    let store: @Sendable (inout Model, FieldValue) -> Void

    /// A field of any type, with a store that reads the `FieldValue` itself.
    /// - Parameters:
    ///   - name: The JSON member name.
    ///   - type: How the value is validated.
    ///   - required: Whether an absent member is an error.
    ///   - store: Writes an accepted value into the model.
    public init(
        _ name: String,
        type: FieldType,
        required: Bool = false,
        store: @escaping @Sendable (inout Model, FieldValue) -> Void
    ) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.location = ["body", .key(name)]
        self.store = store
    }
}
