import Foundation
import Testing
import ChainModel
import Agreement
import Formats
import Figures
import TestSupport

/// `compare --plot` read back from its SVG: legends name the run directory and solver, every
/// output time (t = 0 included) has a marker on both series and on the score, and the score
/// panel is on a log axis with the family-wise threshold inside its plot area. Pixel
/// positions are written with 2 decimals.
@Suite struct ComparisonPlotTests {
    static func result(_ solver: String, _ values: [Double], _ stderr: [Double]) -> JSONValue {
        .object([
            ("schema", .string(SolverResult.schema)), ("solver", .string(solver)),
            ("times", .numbers([0, 0.1, 1, 10, 100])),
            (
                "observables",
                .object([("energy", .numbers(values)), ("energy_stderr", .numbers(stderr))])
            ),
            (
                "statistics",
                .object([
                    ("disorder_realizations", .number(100)), ("noise_realizations", .number(10)),
                ])
            ),
        ])
    }

    /// Two runs equal at t = 0 (a score of exactly 0) and 0.2659 apart at t = 10 with standard
    /// errors of 1e-4 each, z = 0.2659 / (sqrt(2) 1e-4) = 1880 (a DISAGREE): the threshold
    /// (about 4) must still sit well inside the score panel.
    @Test func legendMarkersAndLogScores() throws {
        let a = Self.result(
            "trajectories", [-1, -0.9, -0.5, 0.2659, 0.3], [1e-4, 1e-4, 1e-4, 1e-4, 1e-4])
        let b = Self.result(
            "trajectories", [-1, -0.9001, -0.5, 0, 0.3001], [1e-4, 1e-4, 1e-4, 1e-4, 1e-4])
        let c = ResultComparison(a, b, tolerance: 1e-12)
        #expect(!c.agree)
        let svg = ComparisonPlot.svg(
            c, a, b,
            labels: (
                ComparisonPlot.legend(path: "runs/a/", solver: "trajectories"),
                ComparisonPlot.legend(path: "runs/b/result.json", solver: "trajectories")
            ))
        let panels = svg.components(separatedBy: "<svg y=").dropFirst()
        #expect(panels.count == 2, "energy, then its z-score")
        let series = panels.first!, score = panels.last!
        #expect(
            SVGElement.of(class: "legend", in: series).map(\.text) == [
                "runs/a (trajectories)", "runs/b (trajectories)",
            ])
        #expect(SVGElement.of(class: "marker", in: series).count == 2 * 5)
        #expect(SVGElement.of(class: "xtick", in: series).first?.text == "0", "t = 0 shown")
        #expect(SVGElement.of(class: "marker", in: score).count == 5)
        let yticks = SVGElement.of(class: "ytick", in: score).map(\.text)
        #expect(yticks.first == "0" && yticks.contains("1") && yticks.contains("1000"))
        let threshold = try #require(c.threshold)
        let line = try #require(SVGElement.of(class: "reference", in: score).first)
        let noteLines = SVGPlot.wrap(
            "\(c.stochasticPoints) stochastic points, family-wise threshold; above the line "
                + "disagrees.", columns: 100
        ).count
        let (_, top, _, h) = SVGPlot.frame(noteLines: noteLines)
        let y = try #require(line.number("y1"))
        #expect(y > top + 0.2 * h && y < top + 0.8 * h, "threshold \(threshold) at \(y)")
    }

    /// The legend of a side: the directory (of a result.json too) and the solver.
    @Test func legendNamesDirectoryAndSolver() {
        #expect(ComparisonPlot.legend(path: "runs/a", solver: "lindblad") == "runs/a (lindblad)")
        #expect(ComparisonPlot.legend(path: "runs/a/", solver: "closure") == "runs/a (closure)")
        #expect(
            ComparisonPlot.legend(path: "x/result.json", solver: "master") == "x (master)")
        #expect(ComparisonPlot.legend(path: "result.json", solver: nil) == ".")
    }
}
