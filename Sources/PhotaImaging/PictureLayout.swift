// SPDX-License-Identifier: Apache-2.0

/// A flat-coloured rectangle of a picture, `x0..<x1` by `y0..<y1`.
struct PictureRect: Equatable, Sendable {
    var x0: Int
    var y0: Int
    var x1: Int
    var y1: Int
    var color: RGB
}

/// Where a ``PictureSpec``'s parts go: a background and rectangles painted over it in order.
///
/// Pictures at least 128 pixels on their short side are laid out on a unit that is a multiple of 8, and every
/// edge falls on a multiple of 8, so each 8×8 JPEG block is one colour (only DC coefficients) and most PNG rows
/// repeat the one above.
///
/// - a margin of one unit all round; along the top edge a bar code of the seed's bits, one unit per bit;
/// - along the bottom, `index + 1` squares of one unit, one unit apart (as many as fit);
/// - in between, the identicons on a grid, a gap of one cell between them, centred, as large as fit.
struct PictureLayout: Equatable, Sendable {
    var background: RGB
    var rects: [PictureRect]

    init(_ spec: PictureSpec) {
        let width = spec.width
        let height = spec.height
        var state = spec.seed
        let colors = Self.splitMix(&state)
        let bars = Self.splitMix(&state)
        // Mid-tone backgrounds: the identicons' light cells and the dark bars both stand out.
        let background = RGB(UInt8(96 + colors % 96), UInt8(96 + (colors >> 8) % 96), UInt8(96 + (colors >> 16) % 96))
        let accent = RGB(background.red / 3, background.green / 3, background.blue / 3)
        self.background = background
        self.rects = []

        let short = min(width, height)
        let unit = short >= 128 ? max(8, short / 32 / 8 * 8) : short / 16
        let aligned = unit >= 8
        func align(_ value: Int) -> Int { aligned ? value / 8 * 8 : value }

        var area = (x0: 0, y0: 0, x1: width, y1: height)
        if unit > 0 {
            var bit = 0
            while (bit + 1) * unit <= width {
                var end = bit
                while (end + 1) * unit <= width && bars >> UInt64(end % 64) & 1 == 1 { end += 1 }
                if end > bit {
                    self.rects.append(PictureRect(x0: bit * unit, y0: 0, x1: end * unit, y1: unit, color: accent))
                }
                bit = end + 1
            }
            area = (unit, unit, width - unit, height - unit)
            if height >= 5 * unit {
                let top = align(height - 2 * unit)
                let fit = max(0, (width - unit) / (2 * unit))
                for square in 0..<min(max(spec.index, 0) + 1, fit) {
                    let x = unit + 2 * square * unit
                    self.rects.append(
                        PictureRect(x0: x, y0: top, x1: x + unit, y1: top + unit, color: RGB(255, 255, 255)))
                }
                area.y1 = top - unit
            }
        }
        self.placeIdenticons(spec.identities, in: area, align: aligned ? align : { $0 })
    }

    /// The grid with the largest cells that holds every identity, or, if not even 1-pixel cells do, as many
    /// identities as 1-pixel cells allow.
    private mutating func placeIdenticons(
        _ identities: [String], in area: (x0: Int, y0: Int, x1: Int, y1: Int), align: (Int) -> Int
    ) {
        let areaWidth = area.x1 - area.x0
        let areaHeight = area.y1 - area.y0
        guard !identities.isEmpty, areaWidth >= 8, areaHeight >= 8 else { return }
        // A grid of c columns is 9c − 1 cells wide: 8 per identicon, 1 between neighbours.
        var best = (columns: 1, cell: 0)
        for columns in 1...min(identities.count, areaWidth) {
            let rows = (identities.count + columns - 1) / columns
            let cell = min((areaWidth) / (9 * columns - 1), areaHeight / (9 * rows - 1))
            if cell > best.cell { best = (columns, cell) }
        }
        var shown = identities.count
        var cell = best.cell
        var columns = best.columns
        if cell == 0 {
            cell = 1
            columns = (areaWidth + 1) / 9
            shown = min(shown, columns * ((areaHeight + 1) / 9))
            guard shown > 0 else { return }
        }
        if cell >= 8 { cell = align(cell) }
        let rows = (shown + columns - 1) / columns
        let x0 = align(area.x0 + (areaWidth - (9 * columns - 1) * cell) / 2)
        let y0 = align(area.y0 + (areaHeight - (9 * rows - 1) * cell) / 2)
        for (number, id) in identities.prefix(shown).enumerated() {
            let left = x0 + number % columns * 9 * cell
            let top = y0 + number / columns * 9 * cell
            let side = IdenticonPattern.cells * cell
            self.rects.append(
                PictureRect(x0: left, y0: top, x1: left + side, y1: top + side, color: IdenticonPattern.background))
            let pattern = IdenticonPattern(id: id)
            for row in 0..<IdenticonPattern.cells {
                var column = 0
                while column < IdenticonPattern.cells {
                    guard pattern.isOn(row: row, column: column) else {
                        column += 1
                        continue
                    }
                    var end = column + 1
                    while end < IdenticonPattern.cells && pattern.isOn(row: row, column: end) { end += 1 }
                    self.rects.append(
                        PictureRect(
                            x0: left + column * cell, y0: top + row * cell, x1: left + end * cell,
                            y1: top + (row + 1) * cell, color: pattern.foreground))
                    column = end
                }
            }
        }
    }

    /// SplitMix64 (Steele, Lea, Flood): well-mixed bits from consecutive states.
    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
