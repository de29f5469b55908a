// SPDX-License-Identifier: Apache-2.0

/// A JSON document as Python's `json.loads` sees it: integers of any size, floats that remember their text,
/// and objects that keep their key order.
public enum JSONValue: Sendable, Equatable {
    /// `null` (Python `None`).
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer of any size (Python `int`).
    case int(JSONInteger)
    /// A number with a fraction or exponent, or `NaN`/`Infinity`/`-Infinity` (Python `float`).
    case float(JSONFloat)
    /// A string (a lone surrogate of the source appears as U+FFFD).
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object, keys in first-insertion order.
    case object(JSONObject)
}

/// An integer kept as its canonical decimal text, so that values beyond 64 bits echo back unchanged.
public struct JSONInteger: Sendable, Equatable, CustomStringConvertible {
    /// Canonical decimal digits with an optional leading `-` (never `-0`).
    public let text: String

    /// Wraps JSON integer text; `-0` becomes `0`, as Python's `int("-0")` does.
    public init(text: String) {
        self.text = text == "-0" ? "0" : text
    }

    /// Wraps a machine integer.
    public init(_ value: Int) {
        self.text = String(value)
    }

    /// The canonical decimal text.
    public var description: String { self.text }
}

/// A floating-point number with the text it was written as.
public struct JSONFloat: Sendable, CustomStringConvertible {
    /// The literal as it appeared in the document (`2.50`, `1E+2`, `NaN`).
    public let text: String
    /// The value Python's `float(text)` gives (overflow becomes infinity).
    public let value: Double

    /// Wraps a parsed literal and its value.
    public init(text: String, value: Double) {
        self.text = text
        self.value = value
    }

    /// Wraps a value, writing its text the way Python's `repr` does.
    public init(_ value: Double) {
        self.value = value
        self.text = PythonFloatFormat.repr(value) ?? (value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity"))
    }

    /// The literal text.
    public var description: String { self.text }
}

extension JSONFloat: Equatable {
    /// Two floats are equal when Python would echo the same value: same bits, NaN equal to NaN.
    public static func == (lhs: JSONFloat, rhs: JSONFloat) -> Bool {
        if lhs.value.isNaN || rhs.value.isNaN { return lhs.value.isNaN && rhs.value.isNaN }
        return lhs.value.bitPattern == rhs.value.bitPattern
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text (Python spelling for NaN and infinities), for logs and test failures.
    public var description: String {
        switch self {
        case .float(let float) where !float.value.isFinite:
            float.value.isNaN ? "NaN" : (float.value < 0 ? "-Infinity" : "Infinity")
        case .array(let items): "[" + items.map(\.description).joined(separator: ",") + "]"
        case .object(let object):
            "{"
                + object.members.map { member in
                    var key = [UInt8]()
                    JSONSerializer.writeString(member.key, into: &key)
                    return String(decoding: key, as: UTF8.self) + ":" + member.value.description
                }.joined(separator: ",") + "}"
        default: String(decoding: (try? JSONSerializer.serialize(self)) ?? [], as: UTF8.self)
        }
    }
}
