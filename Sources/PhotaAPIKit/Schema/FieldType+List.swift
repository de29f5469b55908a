// SPDX-License-Identifier: Apache-2.0

extension FieldType {
    /// `list[item]` with `min_length`/`max_length`: pydantic-core checks `max_length` while iterating and stops
    /// there, so an over-long list reports only `too_long`; item errors come next, each at its index;
    /// `min_length` is checked last, only when every item is valid.
    static func validateList(
        _ input: JSONValue,
        item: FieldType,
        count: Bounds?,
        at loc: @autoclosure () -> Location,
        in context: inout ValidationContext
    ) -> FieldValue? {
        guard case .array(let items) = input else { return Self.fail(.listType(at: loc(), input: input), &context) }
        if let maximum = count?.maximum, items.count > maximum {
            return Self.fail(.listLength(at: loc(), input: input, actual: items.count, maximum: maximum), &context)
        }
        let validated: FieldValue?
        if case .string(length: nil) = item {
            validated = Self.validatePlainStrings(items, at: loc(), in: &context)
        } else {
            validated = Self.validateItems(items, item: item, at: loc(), in: &context)
        }
        guard let validated else { return nil }
        if let minimum = count?.minimum, items.count < minimum {
            return Self.fail(.listLength(at: loc(), input: input, actual: items.count, minimum: minimum), &context)
        }
        return validated
    }

    /// Each item in turn, every error reported; nil when any is invalid.
    private static func validateItems(
        _ items: [JSONValue],
        item: FieldType,
        at loc: @autoclosure () -> Location,
        in context: inout ValidationContext
    ) -> FieldValue? {
        var values = [FieldValue]()
        values.reserveCapacity(items.count)
        var allValid = true
        for (index, element) in items.enumerated() {
            if let value = item.validate(element, at: loc() + [.index(index)], in: &context) {
                values.append(value)
            } else {
                allValid = false
            }
        }
        return allValid ? .list(values) : nil
    }

    /// `list[str]` items, straight into `[String]`: the list every model has, validated without a `FieldValue`
    /// per item.
    private static func validatePlainStrings(
        _ items: [JSONValue],
        at loc: @autoclosure () -> Location,
        in context: inout ValidationContext
    ) -> FieldValue? {
        var strings = [String]()
        strings.reserveCapacity(items.count)
        var allValid = true
        for (index, element) in items.enumerated() {
            if case .string(let text) = element {
                if context.isLoneSurrogate(text) { context.acceptedLoneSurrogate = true }
                strings.append(text)
            } else {
                allValid = false
                context.errors.append(.stringType(at: loc() + [.index(index)], input: element))
            }
        }
        return allValid ? .strings(strings) : nil
    }
}
