import Foundation
import PropertyBased
import Testing
import ChainModel
import LinearAlgebra
import ManyBodyLindblad
import Propagation
import TestSupport

@Suite struct DenseOutputTests {
    /// Dense output (every output time inside a step formed from that step's series) equals
    /// step-by-step propagation (a step ends at every output time), for random chains, states
    /// and grids of 150 times, some of them closer than 1e-3.
    /// - States: each run's Frobenius-norm error is at most tolerance * ||rho(0)||_F = tol
    ///   (pure initial state) at every output (TaylorPropagator), so the two differ by at most
    ///   2 tol; the round-off allowance is 1e-12 (each step adds about e^theta * 1e-16 with
    ///   e^theta <= tol * 1e-2 for the dense run's few long steps, and far less for the short
    ///   steps of the other).
    /// - Linear readouts: the values dense output sums from each term's readout equal the
    ///   readout of the state it forms from the same terms, to round-off (tol / 100 allowed,
    ///   the same per-step round-off bound).
    @Test func denseOutputEqualsStepByStep() async {
        await seededPropertyCheck(
            count: 6, input: Gen.int(in: 4...7), Gen.int(in: 0...1000), Gen.double(in: 0.2...2)
        ) { l, seed, gamma in
            let tolerance = 1e-9
            let chain = TestSupport.randomChain(
                length: l, disorder: 1.5, noiseSite: seed % l, gamma: gamma, seed: UInt64(seed))
            let n = l / 2
            let sector = FockSector(length: l, particles: n)
            let spectrum = chain.spectrum()
            let hamiltonian = SectorHamiltonian(chain: chain, sector: sector, spectrum: spectrum)
            let generator = LindbladGenerator(
                hamiltonian: hamiltonian, sector: sector, noiseSites: chain.noiseSites,
                gammas: chain.gammas)
            let initial =
                seed % 2 == 0
                ? SectorState.groundState(sector: sector, spectrum: spectrum)
                : SectorState.product(
                    sector: sector,
                    occupations: InitialState.randomOccupations(
                        length: l, particles: n, seed: UInt64(seed), realization: 0))
            var rng = CounterRNG(seed: UInt64(seed), stream: .test, realization: 0)
            var times = (0..<150).map { _ in 6 * rng.nextUniform() }
            times += times.prefix(10).map { $0 + 1e-4 }
            times = Array(Set(times)).sorted()
            let measure = ManyBodyObservables(
                sector: sector, hamiltonian: hamiltonian, linear: [.energy, .density, .rhoS, .nn])

            var dense = TaylorPropagator(
                generator: generator, tolerance: tolerance, horizon: times.last!)
            var x = initial
            var denseStates: [ComplexMatrix] = []
            var worstReadout = 0.0
            dense.propagate(&x, through: times, linear: measure.readout, needsState: true) {
                _, values, state in
                denseStates.append(state!)
                let direct = measure.readout(state!)
                worstReadout = max(worstReadout, zip(values, direct).map { abs($0 - $1) }.max()!)
            }
            RoundOff.expect(
                worstReadout, bound: tolerance / 100,
                why: .derived("the same terms summed in another order: K terms x d eps << 1e-11"))

            var stepwise = TaylorPropagator(
                generator: generator, tolerance: tolerance, horizon: times.last!)
            var y = initial
            var now = 0.0
            var worstState = 0.0
            for (k, t) in times.enumerated() {
                stepwise.advance(&y, by: t - now)
                now = t
                var diff = y
                StateArithmetic.add(-1, denseStates[k], to: &diff)
                worstState = max(worstState, StateArithmetic.squaredNorm(diff).squareRoot())
            }
            RoundOff.expect(
                worstState, bound: 2 * tolerance + 1e-12,
                why: .derived("each run within its tolerance 1e-9 of the exact state, + round-off"),
                "L=\(l) seed \(seed): dense and step-by-step")
            #expect(dense.evaluations < stepwise.evaluations)
        }
    }

    /// With linear observables only, the steps and their terms depend on the last output time
    /// alone: 1001 output times cost exactly the generator applications of 2.
    @Test func linearObservablesCostDoesNotDependOnTheGrid() throws {
        let chain = TestSupport.randomChain(length: 8, disorder: 1, noiseSite: 3, gamma: 1, seed: 7)
        let solver = LindbladSolver(
            options: .init(tolerance: 1e-8, observables: [.energy, .density, .rhoS, .nn, .trace]))
        let fine = try solver.run(
            chain: chain, initial: .ground(particles: 4), times: (0...1000).map { Double($0) / 100 }
        )
        let coarse = try solver.run(chain: chain, initial: .ground(particles: 4), times: [0, 10])
        #expect(fine.evaluations == coarse.evaluations)
        guard case .scalar(let e1)? = fine.observables["energy"],
            case .scalar(let e2)? = coarse.observables["energy"]
        else {
            Issue.record("missing energy")
            return
        }
        // the same terms, summed with weight 1: round-off only
        RoundOff.expect(
            abs(e1.last! - e2.last!), bound: 1e-12,
            why: .derived("the same terms, weight 1: a few eps ||H||, ||H|| ~ 10: 1e-14, x100"))
    }
}
