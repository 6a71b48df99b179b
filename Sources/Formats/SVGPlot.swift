import Foundation
import ChainModel
import LinearAlgebra

/// A plot drawn as SVG by the project (no plotting dependency): log or linear axes (a log
/// axis shows 0 at its own tick, see `PlotAxis`), curves as lines with error bands and
/// optional markers at their points, or as points with error bars; legend, axis labels,
/// horizontal reference lines and notes. Elements a reader (or a test) looks for carry a
/// class: `marker`, `errorbar`, `reference`, `legend`, `xtick`, `ytick`, `axis-break`.
public struct SVGPlot: Sendable {
    public struct Curve: Sendable {
        /// How a curve is drawn: a line through its points (with a band y +- error), or its
        /// points alone, each with an error bar y +- error (data that are points, such as
        /// one fitted value per spacing).
        public enum Style: Sendable { case line, points }

        public var label: String
        public var x: [Double]
        public var y: [Double]
        /// One standard error per point, drawn as a band (line) or a bar (points).
        public var error: [Double]?
        public var style: Style
        /// A marker at every point of a line, so the times actually computed show.
        public var markers: Bool

        public init(
            label: String, x: [Double], y: [Double], error: [Double]? = nil,
            style: Style = .line, markers: Bool = false
        ) {
            self.label = label
            self.x = x
            self.y = y
            self.error = error
            self.style = style
            self.markers = markers
        }
    }

    public struct ReferenceLine: Sendable {
        public var label: String
        public var y: Double

        public init(label: String, y: Double) {
            self.label = label
            self.y = y
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX: Bool
    public var logY: Bool
    public var curves: [Curve]
    public var references: [ReferenceLine]
    /// Lines of text under the title (e.g. where the measurement differs from the paper).
    public var notes: [String]

    public init(
        title: String, xLabel: String, yLabel: String, logX: Bool = true, logY: Bool = false,
        curves: [Curve], references: [ReferenceLine] = [], notes: [String] = []
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
        self.curves = curves
        self.references = references
        self.notes = notes
    }

    /// The size of one plot, in pixels.
    package static let width = 760.0, height = 520.0
    /// Characters of a legend line in the 168 pixels right of the plot at 12 px sans-serif.
    package static let legendColumns = 26

    package static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
        "#7f7f7f",
    ]

    /// The plot area's frame in pixels (left, top, width, height) for `noteLines` lines of
    /// notes.
    package static func frame(noteLines: Int) -> (left: Double, top: Double, w: Double, h: Double) {
        let top = 60.0 + 16.0 * Double(noteLines), left = 80.0, right = 210.0, bottom = 60.0
        return (left, top, width - left - right, height - top - bottom)
    }

    /// The two axes, spanning every point, error and reference line they can place.
    package var axes: (x: PlotAxis, y: PlotAxis) {
        var xs: [Double] = [], ys: [Double] = []
        for c in curves {
            for n in c.x.indices where n < c.y.count {
                xs.append(c.x[n])
                let e = Self.error(c, n)
                ys += [c.y[n], c.y[n] - e, c.y[n] + e]
            }
        }
        ys += references.map(\.y)
        // Points get room at the ends of a linear x axis; a line may end at the frame.
        let xPadding = curves.contains { $0.style == .points } ? 0.05 : 0
        return (
            PlotAxis(log: logX, values: xs, padding: xPadding, wholeDecades: false),
            PlotAxis(log: logY, values: ys, padding: 0.05)
        )
    }

    /// The error of point `n` of `c` (0 when it has none or it is not finite).
    static func error(_ c: Curve, _ n: Int) -> Double {
        guard let e = c.error, n < e.count, e[n].isFinite, abs(e[n]) <= 1e300 else { return 0 }
        return abs(e[n])
    }

    /// The SVG document.
    public var svg: String {
        let width = Self.width, height = Self.height
        let noteLines = notes.flatMap { Self.wrap($0, columns: 100) }
        let (left, top, plotW, plotH) = Self.frame(noteLines: noteLines.count)
        let (ax, ay) = axes
        func px(_ u: Double) -> Double { left + u * plotW }
        func py(_ u: Double) -> Double { top + (1 - u) * plotH }
        /// The pixel position of point n of c, when both axes can place it.
        func at(_ c: Curve, _ n: Int) -> (Double, Double)? {
            guard n < c.y.count, let u = ax.fraction(c.x[n]), let v = ay.fraction(c.y[n]) else {
                return nil
            }
            return (px(u), py(v))
        }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
                of: "<", with: "&lt;"
            )
            .replacingOccurrences(of: ">", with: "&gt;")
        }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left))" y="24" font-size="15" font-weight="bold">\(esc(title))</text>

            """
        for (n, note) in noteLines.enumerated() {
            out +=
                "<text x=\"\(f(left))\" y=\"\(f(42 + 16 * Double(n)))\" "
                + "fill=\"#444\">\(esc(note))</text>\n"
        }
        out +=
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" "
            + "height=\"\(f(plotH))\" fill=\"none\" stroke=\"black\"/>\n"
        for (v, label) in ax.ticks {
            guard let u = ax.fraction(v) else { continue }
            let x = px(u)
            out +=
                "<line x1=\"\(f(x))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x))\" "
                + "y2=\"\(f(top + plotH + 5))\" stroke=\"black\"/>"
            out +=
                "<text class=\"xtick\" x=\"\(f(x))\" y=\"\(f(top + plotH + 19))\" "
                + "text-anchor=\"middle\">\(label)</text>\n"
        }
        for (v, label) in ay.ticks {
            guard let u = ay.fraction(v) else { continue }
            let y = py(u)
            out +=
                "<line x1=\"\(f(left - 5))\" y1=\"\(f(y))\" x2=\"\(f(left))\" "
                + "y2=\"\(f(y))\" stroke=\"black\"/>"
            out +=
                "<text class=\"ytick\" x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" "
                + "text-anchor=\"end\">\(label)</text>\n"
        }
        // Axis breaks: two slanted strokes across the axis between 0 and the log scale.
        if ax.zeroSlot {
            let x = px(PlotAxis.breakAt), y = top + plotH
            for d in [-3.0, 3.0] {
                out +=
                    "<line class=\"axis-break\" x1=\"\(f(x + d - 3))\" y1=\"\(f(y + 5))\" "
                    + "x2=\"\(f(x + d + 3))\" y2=\"\(f(y - 5))\" stroke=\"black\"/>\n"
            }
        }
        if ay.zeroSlot {
            let y = py(PlotAxis.breakAt)
            for d in [-3.0, 3.0] {
                out +=
                    "<line class=\"axis-break\" x1=\"\(f(left - 5))\" y1=\"\(f(y + d + 3))\" "
                    + "x2=\"\(f(left + 5))\" y2=\"\(f(y + d - 3))\" stroke=\"black\"/>\n"
            }
        }
        out +=
            "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 18))\" "
            + "text-anchor=\"middle\">\(esc(xLabel))</text>\n"
        out +=
            "<text transform=\"translate(20,\(f(top + plotH / 2))) rotate(-90)\" "
            + "text-anchor=\"middle\">\(esc(yLabel))</text>\n"
        var legendY = top + 10
        let legendX = left + plotW + 12
        /// A legend entry's text (wrapped at spaces to the width right of the plot, one line
        /// below another), and the legend's next row.
        func legend(_ label: String) -> String {
            let lines = Self.wrap(label, columns: Self.legendColumns)
            let x = f(legendX + 30), y = f(legendY + 4)
            let text =
                lines.count <= 1
                ? esc(label)
                : lines.enumerated().map { n, line in
                    "<tspan x=\"\(x)\" dy=\"\(n == 0 ? 0 : 14)\">\(esc(line))</tspan>"
                }.joined()
            legendY += 18 + 14 * Double(max(lines.count, 1) - 1)
            return "<text class=\"legend\" x=\"\(x)\" y=\"\(y)\">\(text)</text>\n"
        }
        for ref in references {
            guard let v = ay.fraction(ref.y) else { continue }
            let y = py(v)
            out +=
                "<line class=\"reference\" x1=\"\(f(left))\" y1=\"\(f(y))\" "
                + "x2=\"\(f(left + plotW))\" y2=\"\(f(y))\" stroke=\"#555\" "
                + "stroke-dasharray=\"6,4\"/>\n"
            out +=
                "<line x1=\"\(f(legendX))\" y1=\"\(f(legendY))\" "
                + "x2=\"\(f(legendX + 24))\" y2=\"\(f(legendY))\" stroke=\"#555\" "
                + "stroke-dasharray=\"6,4\"/>"
            out += legend(ref.label)
        }
        for (i, c) in curves.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            let idx = c.x.indices.filter { at(c, $0) != nil }
            func edge(_ n: Int, _ sign: Double) -> String {
                "\(f(at(c, n)!.0)),\(f(py(ay.clampedFraction(c.y[n] + sign * Self.error(c, n)))))"
            }
            switch c.style {
            case .line:
                if c.error != nil, !idx.isEmpty {
                    let band = idx.map { edge($0, 1) } + idx.reversed().map { edge($0, -1) }
                    out +=
                        "<polygon points=\"\(band.joined(separator: " "))\" "
                        + "fill=\"\(color)\" fill-opacity=\"0.2\" stroke=\"none\"/>\n"
                }
                let points = idx.map { "\(f(at(c, $0)!.0)),\(f(at(c, $0)!.1))" }
                out +=
                    "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" "
                    + "stroke=\"\(color)\" stroke-width=\"1.8\"/>\n"
            case .points:
                for n in idx where Self.error(c, n) > 0 {
                    let x = at(c, n)!.0
                    let hiY = py(ay.clampedFraction(c.y[n] + Self.error(c, n)))
                    let loY = py(ay.clampedFraction(c.y[n] - Self.error(c, n)))
                    out +=
                        "<path class=\"errorbar\" d=\"M\(f(x)),\(f(loY)) V\(f(hiY)) "
                        + "M\(f(x - 4)),\(f(hiY)) H\(f(x + 4)) M\(f(x - 4)),\(f(loY)) "
                        + "H\(f(x + 4))\" stroke=\"\(color)\" stroke-width=\"1.4\"/>\n"
                }
            }
            if c.markers || c.style == .points {
                for n in idx {
                    let (x, y) = at(c, n)!
                    out +=
                        "<circle class=\"marker\" cx=\"\(f(x))\" cy=\"\(f(y))\" "
                        + "r=\"\(c.style == .points ? 3.5 : 2.5)\" fill=\"\(color)\"/>\n"
                }
            }
            if c.style == .line {
                out +=
                    "<line x1=\"\(f(legendX))\" y1=\"\(f(legendY))\" "
                    + "x2=\"\(f(legendX + 24))\" y2=\"\(f(legendY))\" stroke=\"\(color)\" "
                    + "stroke-width=\"2\"/>"
            }
            if c.markers || c.style == .points {
                out +=
                    "<circle cx=\"\(f(legendX + 12))\" cy=\"\(f(legendY))\" r=\"3\" "
                    + "fill=\"\(color)\"/>"
            }
            out += legend(c.label)
        }
        return out + "</svg>\n"
    }

    /// Tick values in [lo, hi]: the multiples of a round step (1, 2 or 5 times a power of
    /// ten) that give 4 to 10 ticks.
    package static func ticks(from lo: Double, to hi: Double) -> [Double] {
        guard lo.isFinite, hi.isFinite, hi > lo else { return [lo] }
        let magnitude = pow(10, (log10((hi - lo) / 5)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { (hi - lo) / $0 <= 10 }!
        let first = (lo / step).rounded(.up), last = (hi / step).rounded(.down)
        return stride(from: first, through: last, by: 1).map { $0 == 0 ? 0 : $0 * step }
    }

    /// `text` broken at spaces into lines of at most `columns` characters (a longer word
    /// keeps its own line): an SVG text element does not wrap.
    package static func wrap(_ text: String, columns: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > columns {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return line.isEmpty ? lines : lines + [line]
    }

    /// A tick label without representation noise (0.30000000000000004 -> 0.3).
    package static func label(_ v: Double) -> String { String(format: "%.6g", v) }

    /// The default plot of a run directory: one panel per scalar series (with its standard
    /// error band) against time on a log axis, stacked in one document.
    public static func overview(_ result: SolverResult) -> String {
        let scalars = result.observables.scalars.filter { !Observable.isStderrKey($0.name) }
        return stacked(
            scalars.map { s in
                SVGPlot(
                    title: "anderson-noise \(result.solver): \(s.name)",
                    xLabel: "time t (units of 1/J)", yLabel: s.name, logX: true,
                    curves: [
                        Curve(
                            label: s.name, x: result.times, y: s.values,
                            error: result.observables.scalars.first {
                                $0.name == Observable.stderrKey(of: s.name)
                            }?.values)
                    ])
            })
    }

    /// Several plots one above the other in one SVG document.
    public static func stacked(_ plots: [SVGPlot]) -> String {
        let height = Int(Self.height), width = Int(Self.width)
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" \
            height="\(height * max(plots.count, 1))" \
            viewBox="0 0 \(width) \(height * max(plots.count, 1))">

            """
        for (n, plot) in plots.enumerated() {
            let inner = plot.svg
            guard let open = inner.range(of: "<svg ") else { continue }
            out += inner.replacingCharacters(in: open, with: "<svg y=\"\(n * height)\" ")
        }
        return out + "</svg>\n"
    }
}
