import Foundation
import ChainModel
import LinearAlgebra

/// A line plot drawn as SVG by the project (no plotting dependency): log or linear axes,
/// error bands, legend, axis labels, horizontal reference lines and notes.
public struct SVGPlot: Sendable {
    public struct Curve: Sendable {
        public var label: String
        public var x: [Double]
        public var y: [Double]
        /// One standard error per point, drawn as a band y +- error.
        public var error: [Double]?

        public init(label: String, x: [Double], y: [Double], error: [Double]? = nil) {
            self.label = label
            self.x = x
            self.y = y
            self.error = error
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
    public var curves: [Curve]
    public var references: [ReferenceLine]
    /// Lines of text under the title (e.g. where the measurement differs from the paper).
    public var notes: [String]

    public init(
        title: String, xLabel: String, yLabel: String, logX: Bool = true, curves: [Curve],
        references: [ReferenceLine] = [], notes: [String] = []
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.curves = curves
        self.references = references
        self.notes = notes
    }

    /// The size of one plot, in pixels.
    package static let width = 760.0, height = 520.0

    package static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
        "#7f7f7f",
    ]

    /// The SVG document.
    public var svg: String {
        let width = Self.width, height = Self.height
        let noteLines = notes.flatMap { Self.wrap($0, columns: 100) }
        let top = 60.0 + 16.0 * Double(noteLines.count), left = 80.0, right = 210.0, bottom = 60.0
        let plotW = width - left - right, plotH = height - top - bottom
        func tx(_ x: Double) -> Double { logX ? log10(x) : x }
        // Points beyond +-1e300 (or not finite, or x <= 0 on a log axis) are left out, so the
        // axis spans and tick steps stay finite whatever a result file holds.
        func bounded(_ v: Double) -> Bool { abs(v) <= 1e300 }
        func drawn(_ c: Curve, _ n: Int) -> Bool {
            n < c.y.count && (!logX || c.x[n] > 0) && bounded(tx(c.x[n])) && bounded(c.y[n])
        }
        func band(_ c: Curve, _ n: Int) -> Double {
            guard let e = c.error, n < e.count, bounded(e[n]) else { return 0 }
            return e[n]
        }
        var xs: [Double] = [], ys: [Double] = []
        for c in curves {
            for n in c.x.indices where drawn(c, n) {
                xs.append(tx(c.x[n]))
                ys.append(c.y[n] - band(c, n))
                ys.append(c.y[n] + band(c, n))
            }
        }
        ys += references.map(\.y).filter(bounded)
        var x0 = xs.min() ?? 0, x1 = xs.max() ?? 1, y0 = ys.min() ?? 0, y1 = ys.max() ?? 1
        if x1 <= x0 { x1 = x0 + 1 }
        if y1 <= y0 { y1 = y0 + 1 }
        let pad = 0.05 * (y1 - y0)
        y0 -= pad
        y1 += pad
        func px(_ x: Double) -> Double { left + (tx(x) - x0) / (x1 - x0) * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * plotH }
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
        // x ticks: decades on a log axis, round values otherwise.
        var xticks: [(Double, String)] = []
        if logX {
            for d in Int(x0.rounded(.up))...max(Int(x0.rounded(.up)), Int(x1.rounded(.down))) {
                xticks.append((pow(10, Double(d)), "1e\(d)"))
            }
        } else {
            xticks = Self.ticks(from: x0, to: x1).map { ($0, Self.label($0)) }
        }
        for (v, label) in xticks {
            let x = px(v)
            out +=
                "<line x1=\"\(f(x))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x))\" "
                + "y2=\"\(f(top + plotH + 5))\" stroke=\"black\"/>"
            out +=
                "<text x=\"\(f(x))\" y=\"\(f(top + plotH + 19))\" "
                + "text-anchor=\"middle\">\(label)</text>\n"
        }
        for v in Self.ticks(from: y0, to: y1) {
            let y = py(v)
            out +=
                "<line x1=\"\(f(left - 5))\" y1=\"\(f(y))\" x2=\"\(f(left))\" "
                + "y2=\"\(f(y))\" stroke=\"black\"/>"
            out +=
                "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" "
                + "text-anchor=\"end\">\(Self.label(v))</text>\n"
        }
        out +=
            "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 18))\" "
            + "text-anchor=\"middle\">\(esc(xLabel))</text>\n"
        out +=
            "<text transform=\"translate(20,\(f(top + plotH / 2))) rotate(-90)\" "
            + "text-anchor=\"middle\">\(esc(yLabel))</text>\n"
        var legendY = top + 10
        for ref in references where ref.y >= y0 && ref.y <= y1 {
            let y = py(ref.y)
            out +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotW))\" "
                + "y2=\"\(f(y))\" stroke=\"#555\" stroke-dasharray=\"6,4\"/>\n"
            out +=
                "<line x1=\"\(f(left + plotW + 12))\" y1=\"\(f(legendY))\" "
                + "x2=\"\(f(left + plotW + 36))\" y2=\"\(f(legendY))\" stroke=\"#555\" "
                + "stroke-dasharray=\"6,4\"/>"
            out +=
                "<text x=\"\(f(left + plotW + 42))\" "
                + "y=\"\(f(legendY + 4))\">\(esc(ref.label))</text>\n"
            legendY += 18
        }
        for (i, c) in curves.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            let idx = c.x.indices.filter { drawn(c, $0) }
            if c.error != nil, !idx.isEmpty {
                let upper = idx.map { "\(f(px(c.x[$0]))),\(f(py(c.y[$0] + band(c, $0))))" }
                let lower = idx.reversed().map {
                    "\(f(px(c.x[$0]))),\(f(py(c.y[$0] - band(c, $0))))"
                }
                out +=
                    "<polygon points=\"\((upper + lower).joined(separator: " "))\" "
                    + "fill=\"\(color)\" fill-opacity=\"0.2\" stroke=\"none\"/>\n"
            }
            let points = idx.map { "\(f(px(c.x[$0]))),\(f(py(c.y[$0])))" }.joined(separator: " ")
            out +=
                "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(color)\" "
                + "stroke-width=\"1.8\"/>\n"
            out +=
                "<line x1=\"\(f(left + plotW + 12))\" y1=\"\(f(legendY))\" "
                + "x2=\"\(f(left + plotW + 36))\" y2=\"\(f(legendY))\" stroke=\"\(color)\" "
                + "stroke-width=\"2\"/>"
            out +=
                "<text x=\"\(f(left + plotW + 42))\" "
                + "y=\"\(f(legendY + 4))\">\(esc(c.label))</text>\n"
            legendY += 18
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
