import Foundation
import Testing
import AndersonNoise
import TestSupport

/// The master equation (microscopic rates) as the weak-noise limit of the exact closure.
@Suite struct MasterVersusClosureTests {
    /// Derivation check with several sites: at weak noise the exact closure's eigenstate
    /// populations follow the master equation with Gamma_ab = sum_s gamma_s |phi_a(s)|^2
    /// |phi_b(s)|^2 (the secular limit of the sum of the sites' dissipators: no cross terms
    /// between sites). L = 8, W = 4, noise on sites 2, 4, 7 with gammas 0.1, 0.05, 0.15, a
    /// density excitation on site 4: total-variation distance < 0.05 at t = 25..400 with
    /// c_s = gamma_s (as for one site), > 0.1 with c_s = gamma_s^2.
    @Test func secularLimitOfTheClosure() throws {
        let chain = Chain.disordered(
            length: 8, disorder: 4, noiseSites: [1, 3, 6], gammas: [0.1, 0.05, 0.15], seed: 17,
            realization: 0)
        let times = [25.0, 50, 100, 200, 400]
        let obs = try ClosureSolver(options: .init(tolerance: 1e-11, observables: [.populations]))
            .run(
                chain: chain, initial: .excitation(site: 3), times: times)
        guard case .vector(let closure)? = obs["populations"] else {
            Issue.record("no populations"); return
        }
        func distance(_ prefactors: [Double]) -> Double {
            let rates = MasterRates.microscopic(chain: chain, prefactors: prefactors, start: 3)
            let solver = MasterSolver(rates: rates)
            return zip(times, closure).map { t, exact in
                zip(solver.populations(from: rates.initialPopulations, at: t), exact).map {
                    abs($0 - $1)
                }.reduce(0, +) / 2
            }.max()!
        }
        let standard = distance(chain.gammas), squared = distance(chain.gammas.map { $0 * $0 })
        print(
            "master vs closure, three noisy sites: TV \(standard) (c = gamma), \(squared) "
                + "(c = gamma^2)"
        )
        RoundOff.expect(
            standard, bound: 0.05,
            why: .measured("secular approximation at gamma <= 0.15, W = 4: not round-off"))
        #expect(squared > 0.1)
    }
}

/// The hopping picture as the weak-noise limit of the exact dynamics (`HoppingLimit`: the
/// cases, the measured deviations, the bound's margin and the test's power).
@Suite("Hopping limit of the closure's long-time diffusion")
struct HoppingLimitTests {
    @Test("D_closure / D_hopping -> 1 as gamma -> 0 (rings of 32-36 sites, W = 8)")
    func weakNoiseLimit() {
        let worst = HoppingLimit.largestDeviation(realizations: 4)
        #expect(worst < HoppingLimit.tolerance, "largest |D_closure / D_hopping - 1| = \(worst)")
    }
}
