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
            var curveJSON: [JSONValue] = []
            var csv = "curve,x,y,y_stderr\n"
            for c in panel.curves {
                let resultURL = directory.appendingPathComponent(c.run).appendingPathComponent("result.json")
                guard let data = FileManager.default.contents(atPath: resultURL.path), let json = try? JSONValue.parse(data) else {
                    throw RunDirectory.Failure.foreign("\(resultURL.path): missing or not JSON")
                }
                let (xs, y, se) = try c.points(from: json, path: resultURL.path)
                let ys = y.map { $0 * c.yScale }
                let es = se.map { $0.map { $0 * abs(c.yScale) } }
                curves.append(SVGPlot.Curve(label: c.label, x: xs, y: ys, error: es))
                var pairs: [(String, JSONValue)] = [("label", .string(c.label)), ("run", .string(c.run)),
                                                    ("x", .numbers(xs)), ("y", .numbers(ys))]
                if let es { pairs.append(("y_stderr", .numbers(es))) }
                curveJSON.append(.object(pairs))
                for n in xs.indices {
                    csv += "\"\(c.label)\",\(xs[n]),\(ys[n]),\(es.map { n < $0.count ? "\($0[n])" : "" } ?? "")\n"
                }
            }
            var notes = panel.notes
            var analysis: [(String, JSONValue)] = []
            if let from = panel.collapseFrom, let c = CollapseSpread(curves: curves.map { ($0.x, $0.y) }, from: from) {
                analysis.append(("collapse", c.json))
                notes.append(String(format: "Collapse: relative spread of the curves over x in [%.3g, %.3g]: median %.3f, largest %.3f.",
                                    c.window.lowerBound, c.window.upperBound, c.median, c.largest))
            }
            let plot = SVGPlot(
                title: "Fig. \(panel.id): \(panel.title)", xLabel: panel.xLabel, yLabel: panel.yLabel, logX: panel.logX,
                curves: curves, references: panel.references.map { SVGPlot.ReferenceLine(label: $0.label, y: $0.y) },
                notes: notes)
            let panelJSON = JSONValue.object([
                ("schema", .string("anderson-noise/panel/1")), ("panel", .string(panel.id)), ("title", .string(panel.title)),
                ("x_label", .string(panel.xLabel)), ("y_label", .string(panel.yLabel)),
                ("notes", .array(notes.map { .string($0) })),
                ("references", .array(panel.references.map { .array([.string($0.label), .number($0.y)]) })),
                ("curves", .array(curveJSON)),
            ] + analysis)
            let base = directory.appendingPathComponent("panel-\(panel.id)")
            try Data(panelJSON.serialized().utf8).write(to: base.appendingPathExtension("json"), options: .atomic)
            try Data(csv.utf8).write(to: base.appendingPathExtension("csv"), options: .atomic)
            try Data(plot.svg.utf8).write(to: base.appendingPathExtension("svg"), options: .atomic)
        }
    }
}
