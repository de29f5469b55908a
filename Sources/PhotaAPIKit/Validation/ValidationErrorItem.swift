// SPDX-License-Identifier: Apache-2.0

/// One entry of a 422 `detail` list, as Pydantic 2 reports it and FastAPI returns it (`errors(include_url=False)`).
public struct ValidationErrorItem: Sendable, Equatable {
    /// One step of `loc`: a field name or a list index.
    public enum LocationElement: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        /// A field name, or `body` / `query` at the start.
        case key(String)
        /// A position in a list, or a character position for `json_invalid`.
        case index(Int)

        /// A `.key` from a string literal: `["body", "tag"]`.
        public init(stringLiteral value: String) {
            self = .key(value)
        }

        /// An `.index` from an integer literal: `["body", "image_urls", 2]`.
        public init(integerLiteral value: Int) {
            self = .index(value)
        }
    }

    /// The Pydantic error type, e.g. `string_type`, `too_short`, `json_invalid`.
    public var type: String
    /// Where the error is, starting with `body` or `query`.
    public var loc: [LocationElement]
    /// The human-readable message.
    public var msg: String
    /// The offending input value, echoed back.
    public var input: JSONValue
    /// Extra context (`min_length`, `expected`, …); absent for error types that have none.
    public var ctx: JSONObject?

    /// An error item.
    public init(type: String, loc: [LocationElement], msg: String, input: JSONValue, ctx: JSONObject? = nil) {
        self.type = type
        self.loc = loc
        self.msg = msg
        self.input = input
        self.ctx = ctx
    }

    /// The item as FastAPI serializes it: keys `type`, `loc`, `msg`, `input`, then `ctx` when present.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object["type"] = .string(self.type)
        object["loc"] = .array(
            self.loc.map { element in
                switch element {
                case .key(let key): .string(key)
                case .index(let index): .int(JSONInteger(index))
                }
            }
        )
        object["msg"] = .string(self.msg)
        object["input"] = self.input
        if let ctx = self.ctx { object["ctx"] = .object(ctx) }
        return .object(object)
    }
}
