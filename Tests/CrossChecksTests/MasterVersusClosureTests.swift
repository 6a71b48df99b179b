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

/// The hopping picture as the weak-noise limit of the exact dynamics: on rings (noise every l
/// sites), the closure's long-time D (`RingDiffusion`) and the classical master equation's with
/// the true eigenstates (`RingHopping`, rates gamma |phi_a(s)|^2 |phi_b(s)|^2) both scale as
/// gamma when gamma -> 0, and their ratio tends to 1.
@Suite("Hopping limit of the closure's long-time diffusion")
struct HoppingLimitTests {
    /// W = 8, gamma = 1e-4, rings of 32 and 36 sites (l = 4 with 8 cells, l = 6 with 6; seed
    /// 7, realizations 0-3): |D_closure / D_hopping - 1| measured 2e-9 to 4.0e-3 (the largest
    /// where a pair of states with a common noisy site is close in energy or a state reaches
    /// around the ring, neither of which the secular limit covers). Bound 1e-2: a margin of
    /// 2.5 over the largest; deterministic (no sampling), far above round-off. Power: c = gamma^2
    /// (the paper's prefactor) misses by 1e4 and a factor 2 in either model's rates by 0.5.
    /// On rings of 16 sites at W = 3 the ratio was 0.75-5.7 for some realizations at every
    /// gamma <= 1e-2 (states there reach a good part of the ring): the limit needs rings much
    /// longer than the states.
    @Test("D_closure / D_hopping -> 1 as gamma -> 0")
    func weakNoiseLimit() throws {
        var worst = 0.0
        for (l, cells) in [(4, 8), (6, 6)] {
            for r in 0..<4 {
                let chain = Chain.disordered(
                    length: l * cells, disorder: 8, noiseSites: (1...cells).map { $0 * l - 1 },
                    gammas: [Double](repeating: 1e-4, count: cells), seed: 7, realization: r)
                let q = try #require(RingDiffusion(chain: chain).diffusionConstant())
                let c = try #require(RingHopping(chain: chain).diffusionConstant())
                worst = max(worst, abs(q / c - 1))
            }
        }
        #expect(worst < 1e-2, "largest |D_closure / D_hopping - 1| = \(worst)")
    }
}
