import Foundation
import PropertyBased
import Testing
import AndersonNoise
import TestSupport

/// Checks of the derivations that relate a solver to the exact closure: the measured weak
/// orders of the scheme averages, and the master equation's prefactor from the closure's
/// eigenstate populations.
@Suite struct DerivationTests {
    /// Measured weak orders (error of the scheme's exact average against the exact closure
    /// at T = 6, dt = 0.4..0.05) over random chains, noisy sites and gamma: Lie converges with
    /// order 1, Strang with order 2 (measured 1.00 and 2.02). The window +-0.15
    /// allows the pre-asymptotic curvature of a 4-point fit over dt = 0.4..0.05: it is a
    /// truncation bound, not round-off (the errors are 1e-4..1e-2, far above eps). Over random
    /// inputs the Strang fit leaves the window in about 6e-4 of runs (the rate reported in the
    /// issue "Green on every machine", not re-measured here): chains whose leading error term
    /// nearly cancels at dt = 0.4, so the fit sees the next order. The inputs are now drawn
    /// from the suite's fixed property seed (`PropertySeed`), so the outcome is deterministic;
    /// another seed (ANDERSON_PROPERTY_SEED) risks that rate.
    @Test func schemeWeakOrders() async {
        await seededPropertyCheck(
            count: 6, input: Gen.int(in: 6...10), Gen.int(in: 0...10_000), Gen.double(in: 0.5...1.5)
        ) { l, seed, gamma in
            let chain = TestSupport.randomChain(
                length: l, disorder: 1, noiseSite: seed % l, gamma: gamma, seed: UInt64(seed))
            let occ = InitialState.randomOccupations(
                length: l, particles: l / 2, seed: UInt64(seed), realization: 0)
            let lie = ConvergenceOrder.fit(
                try! ConvergenceOrder.closureSchemeErrors(
                    chain: chain, initial: .product(occupations: occ), scheme: .lie, time: 6,
                    steps: [0.4, 0.2, 0.1, 0.05]))
            let strang = ConvergenceOrder.fit(
                try! ConvergenceOrder.closureSchemeErrors(
                    chain: chain, initial: .product(occupations: occ), scheme: .strang, time: 6,
                    steps: [0.4, 0.2, 0.1, 0.05]))
            let window = Tolerance.measured("fit curvature over dt = 0.4..0.05: 1.00, 2.02")
            RoundOff.expect(abs(lie - 1), bound: 0.15, why: window, "Lie order \(lie)")
            RoundOff.expect(abs(strang - 2), bound: 0.15, why: window, "Strang order \(strang)")
        }
    }

    /// Derivation check: at weak gamma the closure's eigenstate populations follow the master
    /// equation with microscopic rates and c = gamma, not gamma^2. L = 8, W = 4 (well separated
    /// levels, secular approximation good), gamma = 0.1 and 0.2, times 25..400. The fitted c/gamma
    /// must lie in [0.9, 1.1]; the total-variation distance with c = gamma must be < 0.05 and with
    /// c = gamma^2 > 0.1 (measured with the excitation start: TV 1.8e-3 with c = gamma at gamma =
    /// 0.2).
    @Test(arguments: [0.1, 0.2])
    func prefactorIsGamma(gamma: Double) {
        let chain = Chain.disordered(
            length: 8, disorder: 4, noiseSite: 3, gamma: gamma, seed: 17, realization: 0)
        let fit = PrefactorFit(chain: chain, times: [25, 50, 100, 200, 400])
        let c = fit.bestPrefactor()
        let secular = Tolerance.measured("secular approximation at W = 4; TV 1.8e-3 at 0.2")
        RoundOff.expect(abs(c / gamma - 1), bound: 0.1, why: secular, "fitted c = \(c)")
        RoundOff.expect(fit.totalVariation(c: gamma), bound: 0.05, why: secular)
        #expect(fit.totalVariation(c: gamma * gamma) > 0.1)
    }
}
