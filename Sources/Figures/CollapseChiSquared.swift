import Foundation
import Formats

/// A collapse judged with error bars: at 24 logarithmically spaced x of the window all curves
/// cover (from `from` on), each curve's y and standard error interpolated linearly in ln x,
///     chi^2(x) = sum_c (y_c - ybar)^2 / se_c^2,   ybar = sum_c y_c / se_c^2 / sum_c 1 / se_c^2,
/// with C - 1 degrees of freedom per x (C curves). Curves that lie on one line within their
/// errors give chi^2 / dof near 1 at every x; the mean over the x is `chiSquaredPerDof`.
/// The 24 x are not independent (a curve's errors are correlated in time), so the mean is a
/// measure of agreement in units of the errors, not a chi^2 variable with 23 (C - 1) degrees
/// of freedom.
///
/// `fitted` rescales each curve (x -> s x, y -> y / s, the Fig. 4b form with s = xi) by its
/// own s, chosen to minimise `chiSquaredPerDof` (the last curve keeps its given s: a common
/// factor of every s moves all curves together along the diagonal of the log-log plane).
public struct CollapseChiSquared: Sendable, Equatable {
    public typealias Curve = (x: [Double], y: [Double], error: [Double])

    public let window: ClosedRange<Double>
    public let x: [Double]
    public let perPoint: [Double]
    public let chiSquaredPerDof: Double

    public init?(curves: [Curve], from: Double) {
        let usable = curves.map { c in
            c.x.indices.filter {
                c.x[$0] > 0 && c.x[$0] >= from && c.y[$0].isFinite && c.error[$0] > 0
            }.map { (c.x[$0], c.y[$0], c.error[$0]) }
        }
        guard usable.count >= 2, usable.allSatisfy({ $0.count >= 2 }) else { return nil }
        let low = usable.map { $0.first!.0 }.max()!, high = usable.map { $0.last!.0 }.min()!
        guard high > low else { return nil }
        let count = 24
        var xs: [Double] = [], chi: [Double] = []
        for n in 0..<count {
            let x = exp(log(low) + (log(high) - log(low)) * Double(n) / Double(count - 1))
            let y = usable.map { CollapseSpread.interpolate($0.map { ($0.0, $0.1) }, at: x) }
            let e = usable.map { CollapseSpread.interpolate($0.map { ($0.0, $0.2) }, at: x) }
            let w = e.map { 1 / ($0 * $0) }
            let mean = zip(w, y).map(*).reduce(0, +) / w.reduce(0, +)
            xs.append(x)
            chi.append(
                zip(w, y).map { $0 * ($1 - mean) * ($1 - mean) }.reduce(0, +)
                    / Double(usable.count - 1))
        }
        window = low...high
        x = xs
        perPoint = chi
        chiSquaredPerDof = chi.reduce(0, +) / Double(count)
    }

    /// The curves rescaled by s: x s, y / s, error / s.
    public static func rescaled(_ curves: [Curve], scales: [Double]) -> [Curve] {
        zip(curves, scales).map { c, s in
            (c.x.map { $0 * s }, c.y.map { $0 / s }, c.error.map { $0 / s })
        }
    }

    /// The scales (one per raw curve, the last fixed at its start) minimising chi^2 / dof, by
    /// golden-section search in ln s over start e^{+-1.5}, three sweeps over the curves.
    public static func fitted(
        raw: [Curve], start: [Double], from: Double
    ) -> (scales: [Double], result: CollapseChiSquared)? {
        var s = start
        func score(_ t: [Double]) -> Double {
            CollapseChiSquared(curves: rescaled(raw, scales: t), from: from)?.chiSquaredPerDof
                ?? .infinity
        }
        for _ in 0..<3 {
            for c in 0..<(raw.count - 1) {
                var a = log(start[c]) - 1.5, b = log(start[c]) + 1.5
                let g = (5.0.squareRoot() - 1) / 2
                for _ in 0..<40 {
                    let u = b - g * (b - a), v = a + g * (b - a)
                    var su = s, sv = s
                    su[c] = exp(u)
                    sv[c] = exp(v)
                    if score(su) < score(sv) { b = v } else { a = u }
                }
                s[c] = exp((a + b) / 2)
            }
        }
        guard let result = CollapseChiSquared(curves: rescaled(raw, scales: s), from: from)
        else { return nil }
        return (s, result)
    }

    public var json: JSONValue {
        .object([
            ("window", .numbers([window.lowerBound, window.upperBound])),
            ("chi_squared_per_dof", .number(chiSquaredPerDof)),
            ("x", .numbers(x)), ("chi_squared_per_dof_at_x", .numbers(perPoint)),
        ])
    }
}
