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
        guard allValid else { return nil }
        if let minimum = count?.minimum, items.count < minimum {
            return Self.fail(.listLength(at: loc(), input: input, actual: items.count, minimum: minimum), &context)
        }
        return .list(values)
    }
}
