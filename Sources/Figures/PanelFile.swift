import Foundation
import Formats

/// One rendered panel of a figure, written as `panel-<id>.json` (schema
/// `anderson-noise/panel/1`: title, axis labels, notes, reference lines, the curves with the
/// run behind each, and any analysis), `panel-<id>.csv` (curve, x, y, y_stderr) and
/// `panel-<id>.svg`. The one writer of every panel.
struct PanelFile {
    var id: String
    var title: String
    var xLabel: String
    var yLabel: String
    var logX: Bool = true
    var notes: [String] = []
    var references: [(label: String, y: Double)] = []
    var curves: [SVGPlot.Curve]
    /// The run directory behind each curve (nil for a derived curve, such as a fit).
    var runs: [String?]
    /// Extra top-level entries of the JSON (e.g. `collapse`, `spacing_analysis`).
    var analysis: [(String, JSONValue)] = []

    func write(into directory: URL) throws {
        var curveJSON: [JSONValue] = []
        var csv = "curve,x,y,y_stderr\n"
        for (c, run) in zip(curves, runs) {
            var pairs: [(String, JSONValue)] = [("label", .string(c.label))]
            if let run { pairs.append(("run", .string(run))) }
            pairs += [("x", .numbers(c.x)), ("y", .numbers(c.y))]
            if let e = c.error { pairs.append(("y_stderr", .numbers(e))) }
            curveJSON.append(.object(pairs))
            for n in c.x.indices {
                let stderr = c.error.map { n < $0.count ? "\($0[n])" : "" } ?? ""
                csv += "\"\(c.label)\",\(c.x[n]),\(c.y[n]),\(stderr)\n"
            }
        }
        let json = JSONValue.object(
            [
                ("schema", .string("anderson-noise/panel/1")), ("panel", .string(id)),
                ("title", .string(title)),
                ("x_label", .string(xLabel)), ("y_label", .string(yLabel)),
                ("notes", .array(notes.map { .string($0) })),
                (
                    "references",
                    .array(references.map { .array([.string($0.label), .number($0.y)]) })
                ),
                ("curves", .array(curveJSON)),
            ] + analysis)
        let plot = SVGPlot(
            title: "Fig. \(id): \(title)", xLabel: xLabel, yLabel: yLabel, logX: logX,
            curves: curves,
            references: references.map { SVGPlot.ReferenceLine(label: $0.label, y: $0.y) },
            notes: notes)
        let base = directory.appendingPathComponent("panel-\(id)")
        try FileOutput.write(json.serialized(), toFile: base.appendingPathExtension("json").path)
        try FileOutput.write(csv, toFile: base.appendingPathExtension("csv").path)
        try FileOutput.write(plot.svg, toFile: base.appendingPathExtension("svg").path)
    }
}
