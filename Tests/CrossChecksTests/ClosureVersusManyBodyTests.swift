import Foundation
import PropertyBased
import Testing
import AndersonNoise
import TestSupport

@Suite struct ClosureVersusManyBodyTests {
    /// The bridge between small and production sizes: the exact closure's rho_s equals the
    /// many-body Lindblad rho_s, every entry at every time, over random chains, noisy sites,
    /// gamma in [0, 2], ground and random product states. Both solvers run at tolerance
    /// 1e-10 in the Frobenius norm; entries of rho_s are sums of at most C(L-1, N-1) <= 35
    /// many-body entries, so 1e-8 bounds their difference. Measured: ~3e-12.
    @Test func closureEqualsManyBody() async {
        await seededPropertyCheck(
            count: 12, input: Gen.int(in: 3...7), Gen.int(in: 0...100_000), Gen.double(in: 0...2)
        ) { l, seed, gamma in
            let chain = TestSupport.randomChain(
                length: l, disorder: 1.5, noiseSite: seed % l, gamma: gamma, seed: UInt64(seed))
            let n = 1 + (seed / 7) % (l - 1)
            let initial: InitialState =
                seed % 2 == 0
                ? .ground(particles: n)
                : .product(
                    occupations: InitialState.randomOccupations(
                        length: l, particles: n, seed: UInt64(seed), realization: 3))
            let times = [0, 0.3, 2, 9, 30.0]
            let mb = try! LindbladSolver(options: .init(observables: [.rhoS])).run(
                chain: chain, initial: initial, times: times)
            let cl = try! ClosureSolver(options: .init(observables: [.rhoS])).run(
                chain: chain, initial: initial, times: times)
            guard case .complexMatrix(let a)? = mb.observables["rho_s"],
                case .complexMatrix(let b)? = cl["rho_s"]
            else {
                Issue.record("missing rho_s")
                return
            }
            RoundOff.expect(
                zip(a, b).map { $0.maxDifference($1) }.max()!, bound: 1e-8,
                why: .derived("both exact to their tolerance 1e-10 x <= 40 steps, x2.5"))
        }
    }

    /// Trajectories reach the infinite-temperature energy (N/L) sum_i w_i at long times
    /// (L = 4, the chain whose slowest rate is 0.12, t = 300), within k = 4.5 standard errors
    /// of the noise average (one realization, 400 trajectories), and the density -> N/L.
    /// The threshold is the family-wise one for 5 points, nu = 399, at the suite's per-test
    /// budget (`StatisticalBudget`): 4.5; it detects a shift of about 5 standard errors.
    @Test func trajectoriesReachInfiniteTemperature() throws {
        let chain = Chain(potentials: [0.3, -0.5, 0.8, -0.1], noiseSite: 1, gamma: 1)
        let solver = TrajectorySolver(
            options: .init(
                scheme: .strang, dt: 0.1, noiseRealizations: 400, seed: 2,
                observables: [.energy, .density]))
        let stats = try solver.run(
            chain: chain, initial: .ground(particles: 2), times: [300], realization: 0)
        let expected = [chain.infiniteTemperatureEnergy(particles: 2), 0.5, 0.5, 0.5, 0.5]
        let k = StatisticalBudget.threshold(points: expected.count, degreesOfFreedom: 399)
        for n in expected.indices {
            let z = abs(stats.mean[n] - expected[n]) / stats.standardError![n]
            #expect(z < k, "component \(n): \(stats.mean[n]) vs \(expected[n]), z = \(z) > \(k)")
        }
    }
}
