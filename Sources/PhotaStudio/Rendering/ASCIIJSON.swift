// SPDX-License-Identifier: Apache-2.0

/// JSON text in ASCII only (`\uXXXX` for everything else, as Python's `json.dumps` writes by default): the
/// description embedded in each picture must fit a PNG `tEXt` chunk, which is Latin-1.
enum ASCIIJSON {
    static func quote(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value >= 0x20 && scalar.value < 0x7F: out.unicodeScalars.append(scalar)
            default:
                for unit in String(scalar).utf16 { out += "\\u" + Self.hex4(unit) }
            }
        }
        return out + "\""
    }

    static func quote(_ string: String?) -> String {
        string.map { Self.quote($0) } ?? "null"
    }

    private static func hex4(_ value: UInt16) -> String {
        let digits = Array("0123456789abcdef")
        return String([12, 8, 4, 0].map { digits[Int(value >> UInt16($0) & 0xF)] })
    }
}
