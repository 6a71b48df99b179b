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
            }
            try PanelFile(
                id: panel.id, title: panel.title, xLabel: panel.xLabel, yLabel: panel.yLabel,
                logX: panel.logX, notes: notes,
                references: panel.references, curves: curves, runs: panel.curves.map(\.run),
                analysis: analysis
            ).write(into: directory)
        }
    }
}
