import Foundation

/// One axis of an `SVGPlot`: linear, or logarithmic with 0 shown at a separate tick.
///
/// A log axis cannot place 0 (t = 0 of a time grid, a difference that is exactly 0). When
/// the data hold an exact 0, the axis keeps its first `logStart` of length for it: 0 sits at
/// `zeroAt` with its own tick labelled "0", an axis break (two short slanted strokes) at
/// `breakAt` marks that the scale is not continuous there, and the logarithmic scale fills
/// the rest. Negative values are not drawn on a log axis; values beyond +-1e300 and
/// non-finite values on neither, so the span and its tick step stay finite.
package struct PlotAxis: Sendable {
    /// Whether the axis is logarithmic (base 10).
    package let log: Bool
    /// The span in axis units (log10 of the value on a log axis): the data's span, padded by
    /// `padding` of it each side (in decades on a log axis), then widened to whole decades on
    /// a log axis with `wholeDecades`, so a value at the top or bottom (a threshold of 1)
    /// stays off the frame.
    package let lo: Double, hi: Double
    /// Whether a log axis shows 0 at its own tick.
    package let zeroSlot: Bool

    /// Fractions of the axis length: where 0 sits, where the break is drawn and where the
    /// logarithmic part begins on a log axis that shows 0.
    package static let zeroAt = 0.03, breakAt = 0.065, logStart = 0.1

    /// The axis that shows every value in `values` (the points and the ends of their error
    /// bars or bands) that it can place.
    package init(log: Bool, values: [Double], padding: Double = 0, wholeDecades: Bool = true) {
        self.log = log
        let shown = values.filter { $0.isFinite && abs($0) <= 1e300 }
        if log {
            let logs = shown.filter { $0 > 0 }.map(log10)
            zeroSlot = shown.contains(0)
            var a = logs.min() ?? 0, b = logs.max() ?? 1
            let pad = padding * (b - a)
            (a, b) = (a - pad, b + pad)
            if wholeDecades || b <= a { (a, b) = (a.rounded(.down), b.rounded(.up)) }
            if b <= a { b = a + 1 }
            if a < -300 { a = -300 }
            (lo, hi) = (a, b)
        } else {
            zeroSlot = false
            var a = shown.min() ?? 0, b = shown.max() ?? 1
            if b <= a { b = a + 1 }
            let pad = padding * (b - a)
            (lo, hi) = (a - pad, b + pad)
        }
    }

    /// Where `v` sits, as a fraction of the axis length from its start (left or bottom), or
    /// nil when the axis cannot place it.
    package func fraction(_ v: Double) -> Double? {
        guard v.isFinite, abs(v) <= 1e300 else { return nil }
        guard log else { return (v - lo) / (hi - lo) }
        if v == 0 { return zeroSlot ? Self.zeroAt : nil }
        guard v > 0 else { return nil }
        let u = (log10(v) - lo) / (hi - lo)
        return zeroSlot ? Self.logStart + (1 - Self.logStart) * u : u
    }

    /// Where the end of an error bar or band at `v` sits: like `fraction`, but a value at or
    /// below 0 on a log axis goes to the axis's lowest place (its 0 tick or its start).
    package func clampedFraction(_ v: Double) -> Double {
        if log && v <= 0 { return zeroSlot ? Self.zeroAt : 0 }
        return min(max(fraction(v) ?? 0, 0), 1)
    }

    /// The labelled ticks: "0" (when shown) and the decades inside the span on a log axis,
    /// at most 11 of them (every k-th decade when there are more), with 2 and 5 times each
    /// decade as well when fewer than two decades fall inside; round values on a linear axis.
    package var ticks: [(value: Double, label: String)] {
        guard log else { return SVGPlot.ticks(from: lo, to: hi).map { ($0, SVGPlot.label($0)) } }
        let first = Int(lo.rounded(.up)), last = max(first - 1, Int(hi.rounded(.down)))
        let step = max(1, Int((Double(last - first) / 10).rounded(.up)))
        var ticks = stride(from: first, through: last, by: step).map {
            (value: pow(10, Double($0)), label: Self.decadeLabel($0))
        }
        if ticks.count < 2 {
            let inside = (Int(lo.rounded(.down))...Int(hi.rounded(.up))).flatMap { d in
                [1.0, 2, 5].map { $0 * pow(10, Double(d)) }
            }.filter { log10($0) >= lo - 1e-12 && log10($0) <= hi + 1e-12 }
            ticks = inside.map { (value: $0, label: SVGPlot.label($0)) }
        }
        return (zeroSlot ? [(0, "0")] : []) + ticks
    }

    /// A decade as a reader writes it: 0.01, 0.1, 1, 10, 100, 1000, else 1e-3, 1e4.
    package static func decadeLabel(_ d: Int) -> String {
        (-2...3).contains(d) ? SVGPlot.label(pow(10, Double(d))) : "1e\(d)"
    }
}
