import Foundation
import PropertyBased
import Testing
import ChainModel
import LinearAlgebra
import ManyBodyLindblad
import TestSupport

@Suite struct LindbladLawTests {
    /// Trace is conserved (1e-10: the propagation tolerance), rho stays Hermitian (1e-12,
    /// round-off: the generator is Hermiticity-preserving by construction) and positive
    /// (smallest eigenvalue >= -1e-10, the tolerance), for random chains, sites, gamma and
    /// states.
    @Test func traceHermiticityPositivity() async {
        await seededPropertyCheck(
            count: 12, input: Gen.int(in: 3...7), Gen.int(in: 0...1000), Gen.double(in: 0...2)
        ) { l, seed, gamma in
            let k = seed % l
            let chain = TestSupport.randomChain(
                length: l, disorder: 2, noiseSite: k, gamma: gamma, seed: UInt64(seed))
            let n = 1 + seed % (l - 1)
            let initial: InitialState =
                seed % 2 == 0
                ? .ground(particles: n)
                : .product(
                    occupations: InitialState.randomOccupations(
                        length: l, particles: n, seed: UInt64(seed), realization: 0))
            let out = try! LindbladSolver().run(
                chain: chain, initial: initial, times: [0, 0.7, 3, 12])
            guard case .scalar(let trace)? = out.observables["trace"],
                case .complexMatrix(let rhoS)? = out.observables["rho_s"]
            else { Issue.record("missing observables"); return }
            RoundOff.expect(
                trace.map { abs($0 - 1) }.max()!, bound: 1e-10,
                why: .derived("the propagation tolerance 1e-10 in ||rho||_F, which bounds |Tr|"))
            RoundOff.expect(
                rhoS.map(\.hermiticityDefect).max()!, bound: 1e-12,
                why: .derived(
                    "Hermiticity kept by construction: d "
                        + "eps ||rho|| with d <= C(7,3) = 35"))
            RoundOff.expect(
                max(0, -out.smallestEigenvalues!.min()!), bound: 1e-10,
                why: .derived(
                    "the propagation tolerance 1e-10 moves "
                        + "an eigenvalue by at most that"))
        }
    }

    /// The maximally mixed state of the sector is stationary: A(I/d) = 0 to round-off,
    /// because I commutes with H and has no off-diagonal entries to dephase; with one noisy
    /// site and with three (an end site and two adjacent ones, each with its own gamma).
    @Test(arguments: [([2], [1.3]), ([0, 2, 3], [0.5, 1, 2])])
    func maximallyMixedStateIsStationary(sites: [Int], gammas: [Double]) {
        let chain = Chain.disordered(
            length: 6, disorder: 1, noiseSites: sites, gammas: gammas, seed: 4, realization: 0)
        let sector = FockSector(length: 6, particles: 3)
        let h = SectorHamiltonian(chain: chain, sector: sector, spectrum: chain.spectrum())
        let generator = LindbladGenerator(
            hamiltonian: h, sector: sector, noiseSites: sites, gammas: gammas)
        let d = sector.dimension
        var mixed = ComplexMatrix(rows: d, columns: d)
        for a in 0..<d { mixed.re[a * d + a] = 1 / Double(d) }
        var out = ComplexMatrix(rows: d, columns: d)
        generator.apply(mixed, into: &out)
        RoundOff.expect(
            (out.re + out.im).map(abs).max()!, bound: 1e-15,
            why: .derived(
                "H I - I H and the dephasing of a "
                    + "diagonal: 4 eps |w| / d = 1.4e-17, x70"))
    }

    /// Long-time limit: rho -> I/C(L,N), so entropy -> ln C(L,N), purity -> 1/C(L,N) and
    /// energy -> (N/L) sum w_i. L = 4, N = 2, gamma = 1, noise at site 2: the slowest decay
    /// rate of this case is about 0.12 (measured), so at t = 400 the distance is below
    /// e^{-48}; tolerance 1e-9 covers the propagation error. Noise on sites 1 and 3 (gammas 1,
    /// 0.5): slowest rate 0.177 (the Liouvillian's spectrum computed densely outside the suite).
    @Test(arguments: [([1], [1.0]), ([0, 2], [1, 0.5])])
    func reachesInfiniteTemperature(sites: [Int], gammas: [Double]) throws {
        let chain = Chain(potentials: [0.3, -0.5, 0.8, -0.1], noiseSites: sites, gammas: gammas)
        let out = try LindbladSolver().run(
            chain: chain, initial: .ground(particles: 2), times: [0, 400])
        guard case .scalar(let s)? = out.observables["entropy_vn"],
            case .scalar(let p)? = out.observables["purity"],
            case .scalar(let e)? = out.observables["energy"]
        else { Issue.record("missing"); return }
        let limit = Tolerance.derived("e^{-48} + the 1e-10 tolerance x 40 steps = 4e-9 in rho")
        // Entropy: d = 6 eigenvalues near 1/6 move by delta, dS <= d |ln(1/6) + 1| delta.
        RoundOff.expect(abs(s[1] - log(6)), bound: 1e-9, why: limit)
        RoundOff.expect(abs(p[1] - 1.0 / 6), bound: 1e-9, why: limit)
        RoundOff.expect(
            abs(e[1] - chain.infiniteTemperatureEnergy(particles: 2)), bound: 1e-9, why: limit)
    }

    /// gamma = 0: unitary evolution keeps purity 1 and the energy constant (to the
    /// tolerance, 1e-10 scaled by ||H|| ~ 10: 1e-9).
    @Test func unitaryLimitKeepsPurityAndEnergy() async {
        await seededPropertyCheck(count: 8, input: Gen.int(in: 3...7), Gen.int(in: 0...1000)) {
            l, seed in
            let chain = TestSupport.randomChain(
                length: l, disorder: 1.5, noiseSite: seed % l, gamma: 0, seed: UInt64(seed))
            let occ = InitialState.randomOccupations(
                length: l, particles: l / 2, seed: UInt64(seed), realization: 1)
            let out = try! LindbladSolver().run(
                chain: chain, initial: .product(occupations: occ), times: [0, 5, 20])
            guard case .scalar(let p)? = out.observables["purity"],
                case .scalar(let e)? = out.observables["energy"]
            else { return }
            let unitary = Tolerance.derived("tolerance 1e-10 scaled by ||H|| ~ 10")
            RoundOff.expect(p.map { abs($0 - 1) }.max()!, bound: 1e-9, why: unitary)
            RoundOff.expect(e.map { abs($0 - e[0]) }.max()!, bound: 1e-9, why: unitary)
        }
    }

    /// rho_s(0) of the many-body ground state (built from N x N minors) equals the Slater
    /// matrix of the N lowest orbitals (paper eq. 14), to round-off (1e-12).
    @Test func groundStateSlaterMatrix() async {
        await seededPropertyCheck(count: 10, input: Gen.int(in: 2...8), Gen.int(in: 0...1000)) {
            l, seed in
            let n = 1 + seed % (l - 1)
            let chain = TestSupport.randomChain(
                length: l, disorder: 2, noiseSite: 0, gamma: 1, seed: UInt64(seed))
            let out = try! LindbladSolver().run(
                chain: chain, initial: .ground(particles: n), times: [0])
            guard case .complexMatrix(let rhoS)? = out.observables["rho_s"] else { return }
            let slater = ComplexMatrix(chain.spectrum().groundStateDensityMatrix(particles: n))
            RoundOff.expect(
                rhoS[0].maxDifference(slater), bound: 1e-12,
                why: .derived("N x N minors: N! N eps with N <= 7 is 1.1e-12 worst; L eps for V"))
        }
    }

    /// A sector that cannot fit in memory is refused with the memory it would need.
    @Test func refusesSectorsBeyondMemory() {
        #expect(throws: InputError.self) {
            try LindbladSolver.checkMemory(length: 20, particles: 10, entropy: false)
        }
        #expect(throws: Never.self) {
            try LindbladSolver.checkMemory(length: 12, particles: 6, entropy: true)
        }
    }
}
