// SPDX-License-Identifier: Apache-2.0

/// The pixel size of output images: the long side from the resolution (1K 1024, 2K 2048, 4K 4096 px, or a
/// quarter of that by default, to keep tests fast), the short side from the aspect ratio, exactly.
public enum OutputGeometry {
    /// The long side of `resolution` at full size.
    public static func longSide(_ resolution: ImageResolution) -> Int {
        switch resolution {
        case .oneK: 1024
        case .twoK: 2048
        case .fourK: 4096
        }
    }

    /// Width and height of an image of `resolution` and `aspect` (not `.auto`); `fullSize` false divides
    /// both by 4 (every ratio stays exact: 256 × 144 for 1K 16:9).
    public static func size(
        _ resolution: ImageResolution, _ aspect: AspectRatio, fullSize: Bool
    ) -> (
        width: Int, height: Int
    ) {
        let long = Self.longSide(resolution) / (fullSize ? 1 : 4)
        let (w, h) = Self.ratio(aspect)
        return w >= h ? (long, long * h / w) : (long * w / h, long)
    }

    /// The ratio's two terms; `.auto` is 1:1.
    static func ratio(_ aspect: AspectRatio) -> (Int, Int) {
        switch aspect {
        case .auto, .square: (1, 1)
        case .portrait3x4: (3, 4)
        case .landscape4x3: (4, 3)
        case .portrait9x16: (9, 16)
        case .landscape16x9: (16, 9)
        }
    }

    /// What `.auto` becomes: the offered ratio nearest the input image's (by the logarithm of the ratio, so
    /// 2:1 and 1:2 are equally far from 1:1), or 1:1 with no input or an input of unknown size.
    public static func resolve(_ aspect: AspectRatio, input: InputImage?) -> AspectRatio {
        guard aspect == .auto else { return aspect }
        guard case .inline(_, let width?, let height?) = input, width > 0, height > 0 else { return .square }
        let target = Double(width) / Double(height)
        var best = AspectRatio.square
        var distance = Double.infinity
        for candidate in AspectRatio.allCases where candidate != .auto {
            let (w, h) = Self.ratio(candidate)
            let gap = abs(Self.log(target) - Self.log(Double(w) / Double(h)))
            if gap < distance {
                distance = gap
                best = candidate
            }
        }
        return best
    }

    /// A natural logarithm good enough to order ratios (no Foundation in this module).
    private static func log(_ x: Double) -> Double {
        // ln(x) = 2 atanh((x-1)/(x+1)), a series that converges for every x > 0.
        let y = (x - 1) / (x + 1)
        var term = y
        var sum = 0.0
        var n = 1.0
        for _ in 0..<60 {
            sum += term / n
            term *= y * y
            n += 2
        }
        return 2 * sum
    }
}
