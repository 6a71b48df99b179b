import Foundation
import PropertyBased
import Testing
import ChainModel
import LinearAlgebra
import Formats
import TestSupport

@Suite struct SVGPlotTests {
    /// Linear-axis ticks over ranges of width 1e-3..1e6: 4 to 11 of them, inside the range, equally
    /// spaced by 1, 2 or 5 times a power of ten (relative 1e-9: the products step * n carry
    /// round-off).
    @Test func ticksAreRoundAndInside() async {
        await seededPropertyCheck(
            count: 200, input: Gen.double(in: -1e3...1e3), Gen.double(in: -3...6)
        ) {
            lo, logWidth in
            let hi = lo + pow(10, logWidth)
            let ticks = SVGPlot.ticks(from: lo, to: hi)
            #expect((4...11).contains(ticks.count), "\(lo) \(hi): \(ticks)")
            #expect(ticks.allSatisfy { $0 >= lo - 1e-9 * abs(lo) && $0 <= hi + 1e-9 * abs(hi) })
            guard ticks.count > 1 else { return }
            let step = ticks[1] - ticks[0]
            let mantissa = step / pow(10, log10(step).rounded(.down))
            #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }, "step \(step)")
        }
    }
}

extension SVGPlotTests {
    /// Notes are wrapped at spaces: no line longer than the limit unless it is one word, and
    /// the words and their order are kept.
    @Test func notesWrapAtSpaces() {
        let text =
            "Rates Gamma_ab = c u_a u_b with c = gamma (measured; the paper writes "
            + "gamma^2, which only rescales time by 1/gamma)."
        let lines = SVGPlot.wrap(text, columns: 40)
        #expect(lines.count > 1 && lines.allSatisfy { $0.count <= 40 || !$0.contains(" ") })
        #expect(lines.joined(separator: " ") == text)
        #expect(
            SVGPlot.wrap("a_single_word_longer_than_the_limit", columns: 10) == [
                "a_single_word_longer_than_the_limit"
            ])
    }
}

/// The structure of a drawn plot, read back from its SVG: log axes with their ticks, 0 on a
/// log axis at its own tick, reference lines inside the plot area, one marker per point,
/// error bars for points. Pixel positions are written with 2 decimals, so positions are
/// compared to 0.01 px.
extension SVGPlotTests {
    static let pixel = 0.01

    /// Scores from 0 to 2659 with a threshold of 4.13 (what `compare --plot` draws for a
    /// disagreement): a log y axis from 0.1 to 1e4 with a "0" tick below a break, the
    /// threshold line where log10(4.13) sits on it, t = 0 at its own x tick, a marker at each
    /// of the 6 times, the legend's label.
    @Test func logScoresKeepTheThresholdReadable() throws {
        let times = [0, 0.1, 1, 10, 100, 1000.0], z = [0, 0.5, 3, 40, 2659, 1.2]
        let plot = SVGPlot(
            title: "z", xLabel: "t", yLabel: "|z|", logX: true, logY: true,
            curves: [.init(label: "energy", x: times, y: z, markers: true)],
            references: [.init(label: "threshold 4.13", y: 4.13)])
        let svg = plot.svg
        let yticks = SVGElement.of(class: "ytick", in: svg).map(\.text)
        #expect(yticks == ["0", "0.1", "1", "10", "100", "1000", "1e4"])
        let xticks = SVGElement.of(class: "xtick", in: svg).map(\.text)
        #expect(xticks == ["0", "0.1", "1", "10", "100", "1000"])
        #expect(SVGElement.of(class: "axis-break", in: svg).count == 4, "2 strokes per axis")
        let (left, top, w, h) = SVGPlot.frame(noteLines: 0)
        let threshold = try #require(SVGElement.of(class: "reference", in: svg).first)
        let y = try #require(threshold.number("y1"))
        let s = PlotAxis.logStart
        let expected = top + (1 - (s + (1 - s) * (log10(4.13) + 1) / 5)) * h
        #expect(abs(y - expected) <= Self.pixel, "threshold at \(y), expected \(expected)")
        #expect(y > top + 0.2 * h && y < top + 0.8 * h, "well inside the plot area")
        let markers = SVGElement.of(class: "marker", in: svg)
        #expect(markers.count == times.count)
        let zero = try #require(markers.first)
        #expect(abs(zero.number("cx")! - (left + PlotAxis.zeroAt * w)) <= Self.pixel)
        #expect(abs(zero.number("cy")! - (top + (1 - PlotAxis.zeroAt) * h)) <= Self.pixel)
        #expect(
            SVGElement.of(class: "legend", in: svg).map(\.text) == ["threshold 4.13", "energy"])
    }

    /// Without a 0 in the data a log axis has no "0" tick and no break, and spans whole
    /// decades: 3 to 300 gives ticks 1, 10, 100, 1000.
    @Test func logAxisWithoutZeroSpansDecades() {
        let axis = PlotAxis(log: true, values: [3, 30, 300])
        #expect(!axis.zeroSlot && axis.lo == 0 && axis.hi == 3)
        #expect(axis.ticks.map(\.label) == ["1", "10", "100", "1000"])
        #expect(axis.fraction(-1) == nil && axis.fraction(0) == nil)
        #expect(abs(axis.fraction(30)! - (log10(30) / 3)) <= 1e-15, "one rounding of log10")
        let wide = PlotAxis(log: true, values: [1e-16, 1e12])
        #expect(wide.ticks.count <= 11, "\(wide.ticks.map(\.label))")
    }

    /// Points with error bars: a marker and one bar per point (a bar whose lower end would be
    /// below 0 on a log axis stops at the axis), no line through them.
    @Test func pointsWithErrorBars() throws {
        let l = [4, 5, 6, 7, 8.0], t = [41.9, 95.5, 182.1, 361.7, 630]
        let e = [0.9, 2.5, 5.0, 9.7, 21]
        let svg = SVGPlot(
            title: "t_l", xLabel: "l", yLabel: "t_l", logX: false, logY: true,
            curves: [.init(label: "measured", x: l, y: t, error: e, style: .points)]
        ).svg
        #expect(SVGElement.of(class: "marker", in: svg).count == l.count)
        let bars = SVGElement.of(class: "errorbar", in: svg)
        #expect(bars.count == l.count)
        #expect(!svg.contains("<polyline"))
        // The bar of l = 8 spans log10(630 - 21)..log10(630 + 21) on the axis 10..1000.
        let (_, top, _, h) = SVGPlot.frame(noteLines: 0)
        let d = try #require(bars.last?.attributes["d"])
        let numbers = d.split(whereSeparator: { !"0123456789.-".contains($0) }).compactMap {
            Double($0)
        }
        let lowY = top + (1 - (log10(609) - 1) / 2) * h,
            highY = top + (1 - (log10(651) - 1) / 2) * h
        #expect(abs(numbers[1] - lowY) <= Self.pixel && abs(numbers[2] - highY) <= Self.pixel)
    }
}

extension SVGPlotTests {
    /// A legend label longer than the room right of the plot is wrapped at spaces into lines of
    /// at most `legendColumns` characters, one below another (it used to run off the picture),
    /// and the next entry starts below its last line; a short label stays one plain line.
    @Test func longLegendLabelsWrap() {
        let long = "line: slope 0.589, chi^2 1.6/1 over four spacings"
        let plot = SVGPlot(
            title: "t", xLabel: "x", yLabel: "y", logX: false,
            curves: [
                .init(label: long, x: [1, 2], y: [1, 2]),
                .init(label: "short", x: [1, 2], y: [2, 1]),
            ])
        let svg = plot.svg
        let lines = SVGPlot.wrap(long, columns: SVGPlot.legendColumns)
        #expect(lines.count == 2 && lines.allSatisfy { $0.count <= SVGPlot.legendColumns })
        #expect(lines.allSatisfy { svg.contains(">\($0)</tspan>") })
        #expect(svg.contains(">short</text>"))
        let y = svg.split(separator: "\n").filter { $0.contains("class=\"legend\"") }.map {
            Double($0.split(separator: "y=\"")[1].split(separator: "\"")[0])!
        }
        #expect(y.count == 2 && y[1] - y[0] == 18 + 14)
    }
}
