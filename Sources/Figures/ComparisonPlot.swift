import Foundation
import ChainModel
import LinearAlgebra
import Agreement
import Formats

/// The picture of a comparison (`compare --plot`): for each compared scalar observable both
/// series with their standard-error bands, then the score per time beneath: z for the
/// stochastic observables with the family-wise threshold as a dashed line, |a - b| / e for
/// the deterministic ones with the line at 1; for a vector or matrix observable, the largest
/// score over its entries at each time.
public enum ComparisonPlot {
    public static func svg(
        _ c: ResultComparison, _ a: JSONValue, _ b: JSONValue, labels: (String, String)
    ) -> String {
        let times = a["times"]?.flattenedNumbers ?? []
        var panels: [SVGPlot] = []
        for name in c.compared {
            guard let xa = a["observables"]?[name]?.numbersWithNulls,
                let xb = b["observables"]?[name]?.numbersWithNulls,
                xa.count == times.count
            else { continue }
            func stderr(_ r: JSONValue) -> [Double]? {
                r["observables"]?[Observable.stderrKey(of: name)]?.numbersWithNulls.flatMap {
                    $0.count == times.count ? $0 : nil
                }
            }
            panels.append(
                SVGPlot(
                    title: name, xLabel: "time t (units of 1/J)", yLabel: name, logX: true,
                    curves: [
                        .init(label: labels.0, x: times, y: xa, error: stderr(a)),
                        .init(label: labels.1, x: times, y: xb, error: stderr(b)),
                    ]))
        }
        for stochastic in [true, false] {
            let group = c.compared.filter { name in
                c.points.contains { $0.observable == name && $0.byZ == stochastic }
            }
            guard !group.isEmpty else { continue }
            let curves = group.map { name -> SVGPlot.Curve in
                var worst = [Double](repeating: 0, count: times.count)
                for p in c.points where p.observable == name {
                    if let t = times.firstIndex(of: p.time) {
                        worst[t] = max(
                            worst[t], p.measure.isFinite ? p.measure : .greatestFiniteMagnitude)
                    }
                }
                return .init(label: name, x: times, y: worst)
            }
            let limit = stochastic ? (c.threshold ?? 1) : 1
            panels.append(
                SVGPlot(
                    title: stochastic
                        ? "z-score per time (largest over entries)"
                        : "|a - b| / allowance per time (largest over entries)",
                    xLabel: "time t (units of 1/J)", yLabel: stochastic ? "|z|" : "|a - b| / e",
                    logX: true, curves: curves,
                    references: [
                        .init(
                            label: stochastic
                                ? String(format: "threshold %.2f", limit) : "allowance", y: limit)
                    ],
                    notes: stochastic
                        ? [
                            "\(c.stochasticPoints) stochastic points, family-wise "
                                + "threshold; above the line disagrees."
                        ] : []))
        }
        return SVGPlot.stacked(panels)
    }
}
