import Foundation
import Formats
import RunStorage

/// The panels of a figure directory rendered from its runs' results (`figure`, `merge`):
/// the manifest and the run directories are `RunStorage`'s, the plots and the collapse
/// analysis this module's.
extension FigureManifest {
    /// Writes `panel-<id>.json`, `.csv` and `.svg` for every panel from the runs' results.
    /// A result that lacks the curve's observable, or whose series do not match its times, is
    /// refused.
    public func render(into directory: URL) throws {
        for panel in panels {
            var curves: [SVGPlot.Curve] = []
            for c in panel.curves {
                let resultURL = directory.appendingPathComponent(c.run).appendingPathComponent(
                    "result.json")
                guard let data = FileManager.default.contents(atPath: resultURL.path),
                    let json = try? JSONValue.parse(data)
                else {
                    throw RunDirectory.Failure.foreign("\(resultURL.path): missing or not JSON")
                }
                let (xs, y, se) = try c.points(from: json, path: resultURL.path)
                curves.append(
                    SVGPlot.Curve(
                        label: c.label, x: xs, y: y.map { $0 * c.yScale },
                        error: se.map { $0.map { $0 * abs(c.yScale) } }))
            }
            var notes = panel.notes
            var analysis: [(String, JSONValue)] = []
            if let from = panel.collapseFrom,
                let c = CollapseSpread(curves: curves.map { ($0.x, $0.y) }, from: from)
            {
                analysis.append(("collapse", c.json))
                notes.append(
                    String(
                        format:
                            "Collapse: relative spread of the curves over x in [%.3g, "
                            + "%.3g]: median %.3f, largest %.3f.",
                        c.window.lowerBound, c.window.upperBound, c.median, c.largest))
                if let judged = Self.judgedCollapse(panel, curves: curves, from: from) {
                    analysis.append(("collapse_chi_squared", judged.json))
                    notes.append(judged.note)
                }
            }
            try PanelFile(
                id: panel.id, title: panel.title, xLabel: panel.xLabel, yLabel: panel.yLabel,
                logX: panel.logX, notes: notes,
                references: panel.references, curves: curves, runs: panel.curves.map(\.run),
                analysis: analysis
            ).write(into: directory)
        }
    }

    /// The collapse of a panel with error bars (`CollapseChiSquared`), at the panel's xi and
    /// at xi fitted per curve; nil when a curve has no errors (one deterministic run).
    static func judgedCollapse(
        _ panel: Panel, curves: [SVGPlot.Curve], from: Double
    ) -> (json: JSONValue, note: String)? {
        guard curves.allSatisfy({ $0.error != nil }) else { return nil }
        let scaled = curves.map { (x: $0.x, y: $0.y, error: $0.error!) }
        let xi = panel.curves.map(\.xScale)
        let raw = CollapseChiSquared.rescaled(scaled, scales: xi.map { 1 / $0 })
        guard let given = CollapseChiSquared(curves: scaled, from: from),
            let fit = CollapseChiSquared.fitted(raw: raw, start: xi, from: from)
        else { return nil }
        // The last decade of the common window alone: whether the late, hopping-dominated
        // spreading collapses with one xi per curve when the early times are not fitted.
        let lateFrom = given.window.upperBound / 10
        let late = CollapseChiSquared.fitted(raw: raw, start: xi, from: lateFrom)
        let json = JSONValue.object(
            [
                (
                    "definition",
                    .string(
                        "chi^2 of the rescaled curves against their error-weighted mean at 24 "
                            + "log-spaced x of the common window from x = \(from) on, per "
                            + "degree of freedom (curves - 1), averaged over the x")
                ),
                ("given_xi", .numbers(xi)), ("at_given_xi", given.json),
                ("fitted_xi", .numbers(fit.scales)), ("at_fitted_xi", fit.result.json),
            ]
                + (late.map {
                    [
                        ("late_from", .number(lateFrom)), ("late_fitted_xi", .numbers($0.scales)),
                        ("at_late_fitted_xi", $0.result.json),
                    ]
                } ?? []))
        let note =
            String(
                format:
                    "Collapse with error bars: chi^2/dof %.2f at the given xi, %.2f at xi fitted "
                    + "per curve (%@; the last fixed)",
                given.chiSquaredPerDof, fit.result.chiSquaredPerDof,
                fit.scales.map { String(format: "%.3f", $0) }.joined(separator: ", "))
            + (late.map {
                String(
                    format: "; %.2f over x >= %.3g with xi fitted there.",
                    $0.result.chiSquaredPerDof, lateFrom)
            } ?? ".")
        return (json, note)
    }
}
