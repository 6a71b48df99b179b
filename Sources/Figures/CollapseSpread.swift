import Foundation
import ChainModel
import LinearAlgebra
import Formats

/// How well rescaled curves collapse onto one: the relative spread (max - min) / mean of the
/// curves' y at common x, over the x window all curves cover (from `from` on), at 24
/// logarithmically spaced points, each curve interpolated linearly in ln x. A perfect
/// collapse has spread 0; curves that differ by a factor 2 have spread about 0.67.
public struct CollapseSpread: Sendable, Equatable {
    public let window: ClosedRange<Double>
    public let median: Double
    public let largest: Double

    public init?(curves: [(x: [Double], y: [Double])], from: Double) {
        let usable = curves.map { c in
            zip(c.x, c.y).filter { $0.0 > 0 && $0.0 >= from && $0.1.isFinite }
        }
        guard usable.count >= 2, usable.allSatisfy({ $0.count >= 2 }) else { return nil }
        let low = usable.map { $0.first!.0 }.max()!, high = usable.map { $0.last!.0 }.min()!
        guard high > low else { return nil }
        let points = 24
        var spreads: [Double] = []
        for n in 0..<points {
            let x = exp(log(low) + (log(high) - log(low)) * Double(n) / Double(points - 1))
            let ys = usable.map { Self.interpolate($0, at: x) }
            let mean = ys.reduce(0, +) / Double(ys.count)
            guard mean > 0 else { continue }
            spreads.append((ys.max()! - ys.min()!) / mean)
        }
        guard !spreads.isEmpty else { return nil }
        spreads.sort()
        window = low...high
        median = spreads[spreads.count / 2]
        largest = spreads.last!
    }

    package static func interpolate(_ c: [(Double, Double)], at x: Double) -> Double {
        guard let k = c.firstIndex(where: { $0.0 >= x }) else { return c.last!.1 }
        if k == 0 || c[k].0 == x { return c[k].1 }
        let (x0, y0) = c[k - 1], (x1, y1) = c[k]
        let f = (log(x) - log(x0)) / (log(x1) - log(x0))
        return y0 + f * (y1 - y0)
    }

    public var json: JSONValue {
        .object([
            ("window", .numbers([window.lowerBound, window.upperBound])),
            ("median_spread", .number(median)),
            ("largest_spread", .number(largest)),
        ])
    }
}
