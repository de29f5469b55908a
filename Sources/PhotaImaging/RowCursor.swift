// SPDX-License-Identifier: Apache-2.0

/// Walks a ``PictureLayout`` top to bottom and keeps the current row's RGB pixels.
///
/// The rectangles' top and bottom edges cut the picture into bands of identical rows; the row is painted once
/// per band (background, then each rectangle covering it, in order), and callers reuse it for the band's rows.
struct RowCursor {
    let width: Int
    /// The current row, `width × 3` bytes.
    private(set) var row: [UInt8]
    /// The first row below the current band.
    private(set) var bandEnd = 0
    private let height: Int
    private let background: [UInt8]
    private let rects: [PictureRect]
    /// Rectangle indices by top edge.
    private let byTop: [Int]
    private var nextTop = 0
    /// Indices of the rectangles covering the current band, in painting order.
    private var active: [Int] = []
    /// Every band's first row, ascending, then the picture's height.
    private let edges: [Int]
    private var nextEdge = 0

    init(_ layout: PictureLayout, width: Int, height: Int) {
        self.width = width
        self.height = height
        let color = layout.background
        self.background = [UInt8](unsafeUninitializedCapacity: width * 3) { buffer, count in
            for x in 0..<width {
                buffer[3 * x] = color.red
                buffer[3 * x + 1] = color.green
                buffer[3 * x + 2] = color.blue
            }
            count = width * 3
        }
        self.row = self.background
        // Clipped to the picture; empty ones dropped.
        let rects = layout.rects.compactMap { rect -> PictureRect? in
            let clipped = PictureRect(
                x0: max(0, rect.x0), y0: max(0, rect.y0), x1: min(width, rect.x1), y1: min(height, rect.y1),
                color: rect.color)
            return clipped.x0 < clipped.x1 && clipped.y0 < clipped.y1 ? clipped : nil
        }
        self.rects = rects
        self.byTop = rects.indices.sorted { (rects[$0].y0, $0) < (rects[$1].y0, $1) }
        // Sorted, then duplicates dropped: cheaper than a Set for the few dozen edges of a picture.
        var edges = [0, height]
        edges.reserveCapacity(2 * rects.count + 2)
        for rect in rects { edges += [rect.y0, rect.y1] }
        edges.sort()
        var unique = 0
        for edge in edges where unique == 0 || edges[unique - 1] != edge {
            edges[unique] = edge
            unique += 1
        }
        edges.removeLast(edges.count - unique)
        self.edges = edges
    }

    /// Makes `row` row `y`'s pixels; `y` never decreases between calls. Whether the row was painted anew
    /// (false: it is the same as before).
    @discardableResult
    mutating func move(to y: Int) -> Bool {
        guard y >= self.bandEnd else { return false }
        while self.nextEdge < self.edges.count && self.edges[self.nextEdge] <= y { self.nextEdge += 1 }
        self.bandEnd = self.nextEdge < self.edges.count ? self.edges[self.nextEdge] : self.height
        self.active.removeAll { self.rects[$0].y1 <= y }
        var added = false
        while self.nextTop < self.byTop.count && self.rects[self.byTop[self.nextTop]].y0 <= y {
            let index = self.byTop[self.nextTop]
            if self.rects[index].y1 > y {
                self.active.append(index)
                added = true
            }
            self.nextTop += 1
        }
        if added { self.active.sort() }
        self.paint()
        return true
    }

    private mutating func paint() {
        let rects = self.rects
        let active = self.active
        let background = self.background
        self.row.withUnsafeMutableBufferPointer { row in
            background.withUnsafeBufferPointer { row.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            for index in active {
                let rect = rects[index]
                let (red, green, blue) = (rect.color.red, rect.color.green, rect.color.blue)
                var offset = rect.x0 * 3
                let end = rect.x1 * 3
                while offset < end {
                    row[offset] = red
                    row[offset + 1] = green
                    row[offset + 2] = blue
                    offset += 3
                }
            }
        }
    }
}
