// SPDX-License-Identifier: Apache-2.0

/// A profile id's identicon: a left–right symmetric 8×8 grid of cells, each either the light background or the
/// id's foreground colour. The profile picture (``IdenticonJPEG``) and the studio pictures (``StudioPicture``)
/// both draw it, so one id looks the same in both.
struct IdenticonPattern: Equatable, Sendable {
    /// Cells per side.
    static let cells = 8
    /// The colour of the cells that are off.
    static let background = RGB(240, 240, 240)

    /// The colour of the cells that are on, derived from the id.
    let foreground: RGB
    /// Bit `row * 8 + column` is set where the cell is on.
    let mask: UInt64

    init(id: String) {
        let hash = Self.fnv1a(id)
        // Mid-range channels keep the identicon readable against the light background.
        self.foreground = RGB(UInt8(40 + hash % 160), UInt8(40 + (hash >> 8) % 160), UInt8(40 + (hash >> 16) % 160))
        var mask: UInt64 = 0
        var bits = hash ^ (hash >> 29)
        for row in 0..<Self.cells {
            for column in 0..<(Self.cells / 2) {
                if bits & 1 == 1 {
                    mask |= 1 << UInt64(row * Self.cells + column)
                    mask |= 1 << UInt64(row * Self.cells + Self.cells - 1 - column)
                }
                bits = bits >> 1 | (bits & 1) << 63
            }
            bits = bits &* 0x9E37_79B9_7F4A_7C15 | 1
        }
        self.mask = mask
    }

    /// Whether the cell at `row`, `column` (each 0…7) is drawn in the foreground colour.
    func isOn(row: Int, column: Int) -> Bool {
        self.mask >> UInt64(row * Self.cells + column) & 1 == 1
    }

    /// The colour of the cell at `row`, `column`.
    func color(row: Int, column: Int) -> RGB {
        self.isOn(row: row, column: column) ? self.foreground : Self.background
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01B3
        }
        return hash
    }
}
