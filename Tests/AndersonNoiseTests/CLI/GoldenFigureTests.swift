import Foundation
import Testing
@testable import AndersonNoise

/// Regression: fresh `figure N --quick` runs agree with the golden results in
/// references/golden (written by the same command). Deterministic series (closure, master) to
/// 1e-8 relative, stochastic ones (trajectories) at 4 standard errors with that round-off
/// allowance in quadrature (see ResultComparison). The seeds are the same, so on one machine
/// everything agrees to round-off, and across machines (other BLAS kernels) to the solvers'
/// accuracy: closure 1e-10 (its tolerance), master rates to relative 1e-13 (Jacobi SVD), so
/// R(t = 1e8) to about 1e-12. Measured: Figs 1-3 golden from an Intel build pass on AMD.
@Suite struct GoldenFigureTests {
    @Test(arguments: ["1", "2", "3", "4"])
    func quickFigureMatchesGolden(figure: String) throws {
        let dir = CLI.temporaryPath()
        let out = try CLI.run(["figure", figure, "--quick", "--output", dir, "--quiet", "--threads", "1"])
        #expect(out.status == 0, "\(out.stderr)")
        let golden = TestSupport.referencesDirectory.appendingPathComponent("golden/figure-\(figure)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: golden.path).sorted()
        #expect(!runs.isEmpty)
        for run in runs {
            let fresh = try ResultComparison.load(dir + "/" + run)
            let stored = try ResultComparison.load(golden.appendingPathComponent(run).path)
            let c = ResultComparison(fresh, stored, tolerance: 1e-8, sigma: 4)
            #expect(c.agree, "figure \(figure) \(run): \(c.problems) worst \(c.worst.first.map { "\($0.observable) \($0.score)" } ?? "")")
        }
        for panel in try FileManager.default.contentsOfDirectory(atPath: dir).filter({ $0.hasPrefix("panel-") && $0.hasSuffix(".svg") }) {
            let svg = try String(contentsOfFile: dir + "/" + panel, encoding: .utf8)
            #expect(svg.hasPrefix("<svg") && svg.contains("polyline"))
        }
    }
}
