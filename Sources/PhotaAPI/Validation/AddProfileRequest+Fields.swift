// SPDX-License-Identifier: Apache-2.0

extension AddProfileRequest {
    /// `image_urls: list[str] = Field(min_length=5, max_length=50)`.
    ///
    /// pydantic-core checks `max_length` while iterating and stops there, so an over-long list reports only
    /// `too_long`; item errors come next; `min_length` is checked last, only when every item is valid.
    static func validateImageURLs(
        _ value: JSONValue?,
        body: JSONValue,
        errors: inout [ValidationErrorItem]
    ) -> [String]? {
        guard let value else {
            errors.append(ValidationErrorItem(type: "missing", loc: ["body", "image_urls"], msg: "Field required", input: body))
            return nil
        }
        guard case .array(let items) = value else {
            errors.append(ValidationErrorItem(type: "list_type", loc: ["body", "image_urls"], msg: "Input should be a valid list", input: value))
            return nil
        }
        let limits = Self.imageURLCountLimits
        if items.count > limits.upperBound {
            errors.append(self.lengthError("too_long", "at most", bound: ("max_length", limits.upperBound), list: items))
            return nil
        }
        var urls = [String]()
        urls.reserveCapacity(items.count)
        var itemsValid = true
        for (index, item) in items.enumerated() {
            if case .string(let url) = item {
                urls.append(url)
            } else {
                itemsValid = false
                errors.append(self.stringTypeError(loc: ["body", "image_urls", .index(index)], input: item))
            }
        }
        guard itemsValid else { return nil }
        if items.count < limits.lowerBound {
            errors.append(self.lengthError("too_short", "at least", bound: ("min_length", limits.lowerBound), list: items))
            return nil
        }
        return urls
    }

    /// `training_tier: TrainingTier = TrainingTier.STANDARD` (a `str` enum; only the exact values match).
    static func validateTier(
        _ value: JSONValue?,
        loneSurrogateStrings: Set<ExactString>,
        errors: inout [ValidationErrorItem]
    ) -> TrainingTierName? {
        guard let value else { return .standard }
        if case .string(let name) = value, loneSurrogateStrings.contains(ExactString(name)) {
            errors.append(self.stringUnicodeError(loc: ["body", "training_tier"], input: value))
            return nil
        }
        if case .string(let name) = value, let tier = TrainingTierName(rawValue: name) { return tier }
        var ctx = JSONObject()
        ctx["expected"] = .string("'standard' or 'fast'")
        errors.append(ValidationErrorItem(
            type: "enum", loc: ["body", "training_tier"], msg: "Input should be 'standard' or 'fast'", input: value, ctx: ctx))
        return nil
    }

    /// `tag: Optional[str] = Field(default=None, min_length=1, max_length=128)`; also the `?tag=` query rule.
    /// Returns `.some(nil)` for an absent or null tag, nil when invalid.
    static func validateTag(
        _ value: JSONValue?,
        loc: [ValidationErrorItem.LocationElement],
        loneSurrogateStrings: Set<ExactString>,
        errors: inout [ValidationErrorItem]
    ) -> String?? {
        switch value {
        case nil, .null?:
            return .some(nil)
        case .string(let tag)? where loneSurrogateStrings.contains(ExactString(tag)):
            errors.append(self.stringUnicodeError(loc: loc, input: .string(tag)))
            return nil
        case .string(let tag)?:
            if let error = self.tagLengthError(tag, loc: loc) {
                errors.append(error)
                return nil
            }
            return .some(tag)
        case let other?:
            errors.append(self.stringTypeError(loc: loc, input: other))
            return nil
        }
    }

    /// The `string_too_short` / `string_too_long` error for `tag`, counting code points as Python's `len` does.
    static func tagLengthError(_ tag: String, loc: [ValidationErrorItem.LocationElement]) -> ValidationErrorItem? {
        let length = tag.unicodeScalars.count
        let limits = Self.tagLengthLimits
        var ctx = JSONObject()
        if length < limits.lowerBound {
            ctx["min_length"] = .int(JSONInteger(limits.lowerBound))
            return ValidationErrorItem(
                type: "string_too_short", loc: loc, msg: "String should have at least \(limits.lowerBound) character",
                input: .string(tag), ctx: ctx)
        }
        if length > limits.upperBound {
            ctx["max_length"] = .int(JSONInteger(limits.upperBound))
            return ValidationErrorItem(
                type: "string_too_long", loc: loc, msg: "String should have at most \(limits.upperBound) characters",
                input: .string(tag), ctx: ctx)
        }
        return nil
    }

    /// pydantic-core needs a Rust `&str` for constrained strings and enums; a Python str holding a lone surrogate
    /// has none. (Unconstrained `list[str]` items pass through untouched.) The echo then makes FastAPI's render fail.
    private static func stringUnicodeError(loc: [ValidationErrorItem.LocationElement], input: JSONValue) -> ValidationErrorItem {
        ValidationErrorItem(
            type: "string_unicode", loc: loc,
            msg: "Input should be a valid string, unable to parse raw data as a unicode string", input: input)
    }

    private static func stringTypeError(loc: [ValidationErrorItem.LocationElement], input: JSONValue) -> ValidationErrorItem {
        ValidationErrorItem(type: "string_type", loc: loc, msg: "Input should be a valid string", input: input)
    }

    private static func lengthError(
        _ type: String,
        _ comparison: String,
        bound: (key: String, value: Int),
        list: [JSONValue]
    ) -> ValidationErrorItem {
        var ctx = JSONObject()
        ctx["field_type"] = .string("List")
        ctx[bound.key] = .int(JSONInteger(bound.value))
        ctx["actual_length"] = .int(JSONInteger(list.count))
        return ValidationErrorItem(
            type: type, loc: ["body", "image_urls"],
            msg: "List should have \(comparison) \(bound.value) items after validation, not \(list.count)",
            input: .array(list), ctx: ctx)
    }
}
