// SPDX-License-Identifier: Apache-2.0

/// Writes JSON exactly as FastAPI's `JSONResponse` does: `json.dumps(content, ensure_ascii=False,
/// allow_nan=False, indent=None, separators=(",", ":"))`, encoded as UTF-8, keys in insertion order.
package enum JSONSerializer {
    /// Python cannot render the value: `ValueError("Out of range float values are not JSON compliant")` for NaN
    /// and infinities, or `UnicodeEncodeError` for a string holding a lone surrogate. FastAPI answers a plain-text
    /// 500 for both.
    package struct Unrenderable: Error, Equatable {}

    /// The compact UTF-8 text of `value`.
    /// - Parameters:
    ///   - value: The value to write.
    ///   - loneSurrogateStrings: Strings (values or keys) that stand for Python strings with lone surrogates.
    /// - Throws: `Unrenderable` when `value` contains NaN, an infinity or one of `loneSurrogateStrings`.
    package static func serialize(
        _ value: JSONValue,
        loneSurrogateStrings: Set<ExactString> = []
    ) throws(Unrenderable) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(256)
        try self.write(value, into: &out, refusing: loneSurrogateStrings)
        return out
    }

    /// Appends the compact UTF-8 text of `value` to `out`.
    /// - Throws: `Unrenderable` when `value` contains NaN, an infinity or one of `refusing`.
    package static func write(
        _ value: JSONValue,
        into out: inout [UInt8],
        refusing: Set<ExactString> = []
    ) throws(Unrenderable) {
        switch value {
        case .null: out += "null".utf8
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .int(let integer): out += integer.text.utf8
        case .float(let float):
            guard let text = PythonFloatFormat.repr(float.value) else { throw Unrenderable() }
            out += text.utf8
        case .string(let string):
            if !refusing.isEmpty && refusing.contains(ExactString(string)) { throw Unrenderable() }
            self.writeString(string, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                try self.write(item, into: &out, refusing: refusing)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                if !refusing.isEmpty && refusing.contains(ExactString(member.key)) { throw Unrenderable() }
                self.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                try self.write(member.value, into: &out, refusing: refusing)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `py_encode_basestring`: escapes `"`, `\` and C0 controls only; everything else stays raw UTF-8.
    package static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case 0x0A: out += "\\n".utf8
            case 0x0D: out += "\\r".utf8
            case 0x09: out += "\\t".utf8
            case 0x08: out += "\\b".utf8
            case 0x0C: out += "\\f".utf8
            case 0x00...0x1F:
                let hex = Array("0123456789abcdef".utf8)
                out += "\\u00".utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
