import Foundation
import ChainModel
import LinearAlgebra
import Agreement
import Formats

/// The picture of a comparison (`compare --plot`): for each compared scalar observable both
/// series with their standard-error bands and a marker at every output time, then the score
/// per time beneath: z for the stochastic observables with the family-wise threshold as a
/// dashed line, |a - b| / e for the deterministic ones with the line at 1; for a vector or
/// matrix observable, the largest score over its entries at each time. Time runs on a log
/// axis with t = 0 at its own tick left of an axis break; the scores on a log axis, so a
/// threshold of 4 stays readable beside a z of 1e3, with a score of exactly 0 (two exact
/// results equal to the last bit) at its own tick "0" below the break. A time with no
/// compared point has no score and no marker.
public enum ComparisonPlot {
    /// The legend of one side: the run's directory (a result file's directory, when the
    /// path names `result.json`) and its solver, e.g. "runs/a (trajectories)".
    public static func legend(path: String, solver: String?) -> String {
        var name = path
        while name.count > 1 && name.hasSuffix("/") { name.removeLast() }
        if name.hasSuffix("/result.json") {
            name.removeLast("/result.json".count)
        } else if name == "result.json" {
            name = "."
        }
        guard let solver, !solver.isEmpty else { return name }
        return "\(name) (\(solver))"
    }

    /// The stacked SVG panels; `labels` name the sides A and B in the legends (see `legend`).
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
                        .init(
                            label: labels.0, x: times, y: xa, error: stderr(a), markers: true),
                        .init(
                            label: labels.1, x: times, y: xb, error: stderr(b), markers: true),
                    ]))
        }
        for stochastic in [true, false] {
            let group = c.compared.filter { name in
                c.points.contains { $0.observable == name && $0.byZ == stochastic }
            }
            guard !group.isEmpty else { continue }
            let curves = group.map { name -> SVGPlot.Curve in
                var worst = [Double](repeating: .nan, count: times.count)
                for p in c.points where p.observable == name {
                    if let t = times.firstIndex(of: p.time) {
                        let m = p.measure.isFinite ? p.measure : .greatestFiniteMagnitude
                        worst[t] = worst[t].isNaN ? m : max(worst[t], m)
                    }
                }
                return .init(label: name, x: times, y: worst, markers: true)
            }
            let limit = stochastic ? (c.threshold ?? 1) : 1
            panels.append(
                SVGPlot(
                    title: stochastic
                        ? "z-score per time (largest over entries)"
                        : "|a - b| / allowance per time (largest over entries)",
                    xLabel: "time t (units of 1/J)", yLabel: stochastic ? "|z|" : "|a - b| / e",
                    logX: true, logY: true, curves: curves,
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
