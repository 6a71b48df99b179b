import Foundation
import Testing
import AndersonNoise
import TestSupport

@Suite struct PaperSchemeTests {
    /// The paper's scheme (eq. 8) is not exact for dt > 0: its noise average, computed
    /// without sampling by Gauss-Hermite quadrature over theta, differs from the exact closure
    /// by O(dt). Measured slope over dt = 0.4..0.05 at T = 6 must be 1 within 0.15
    /// (measured: order 1), and the error at dt = 0.1 must not be negligible (> 1e-4).
    @Test func paperSchemeHasFirstOrderBias() throws {
        let chain = TestSupport.randomChain(
            length: 8, disorder: 1, noiseSite: 3, gamma: 1, seed: 21)
        let occ = [1, 0, 1, 0, 1, 1, 0, 0]
        let site0 = ClosureSolver.initialDensityMatrix(
            chain: chain, spectrum: chain.spectrum(), initial: .product(occupations: occ))
        let exact = try ClosureSolver(options: .init(tolerance: 1e-12, observables: [.rhoS])).run(
            chain: chain, initial: .product(occupations: occ), times: [6])
        guard case .complexMatrix(let reference)? = exact["rho_s"] else {
            Issue.record("missing"); return
        }
        var points: [(dt: Double, error: Double)] = []
        for dt in [0.4, 0.2, 0.1, 0.05] {
            let average = try PaperSchemeAverage(chain: chain, dt: dt)
            var x = site0
            for _ in 0..<Int((6 / dt).rounded()) { x = average.step(x) }
            points.append((dt, x.maxDifference(reference[0])))
        }
        let slope = ConvergenceOrder.fit(points)
        RoundOff.expect(
            abs(slope - 1), bound: 0.15,
            why: .measured("the curvature of a 4-point fit over dt = 0.4..0.05, as the Lie order"),
            "paper scheme order \(slope), errors \(points)")
        #expect(points[2].error > 1e-4)
    }

    /// The paper-scheme trajectories average to that quadrature average within k = 4.5
    /// standard errors (same reasoning as TrajectoryVersusClosureTests).
    @Test func paperTrajectoriesMatchTheirAverage() throws {
        let chain = TestSupport.randomChain(length: 5, disorder: 1, noiseSite: 2, gamma: 1, seed: 4)
        let occ = [1, 1, 0, 0, 1]
        let dt = 0.3
        var x = ClosureSolver.initialDensityMatrix(
            chain: chain, spectrum: chain.spectrum(), initial: .product(occupations: occ))
        let average = try PaperSchemeAverage(chain: chain, dt: dt)
        for _ in 0..<10 { x = average.step(x) }
        let solver = TrajectorySolver(
            options: .init(
                scheme: .paper, dt: dt, noiseRealizations: 1500, seed: 5,
                observables: [.energy, .density]))
        let stats = try solver.run(
            chain: chain, initial: .product(occupations: occ), times: [3.0], realization: 0)
        let expected = [chain.energy(of: x)] + (0..<5).map { x.re[$0 * 5 + $0] }
        // Family-wise threshold for 6 points, nu = 1499, at the suite's per-test budget
        // (StatisticalBudget): 4.5, so a shift of about 5 standard errors is detected.
        let k = StatisticalBudget.threshold(points: expected.count, degreesOfFreedom: 1499)
        for n in expected.indices {
            let z = abs(stats.mean[n] - expected[n]) / stats.standardError![n]
            #expect(z < k, "component \(n): z = \(z) > \(k)")
        }
    }
}
