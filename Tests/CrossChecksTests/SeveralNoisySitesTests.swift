import Foundation
import Numerics
import Testing
import AndersonNoise
import TestSupport

/// Several noisy sites, each with its own gamma: the laws of the many-body solver and the
/// closure, and the trajectories against the exact average of their own scheme. (QuTiP
/// cases with two to five noisy sites are in `references/lindblad/`, read by the reference
/// tests.)
@Suite struct SeveralNoisySitesTests {
    /// L = 6: noise on an end site and two adjacent ones (0-based 0, 2, 3), gammas 0.5, 1, 2.
    static let chain = Chain.disordered(
        length: 6, disorder: 1, noiseSites: [0, 2, 3], gammas: [0.5, 1, 2], seed: 41, realization: 0
    )
    static let occupations = [1, 0, 0, 1, 1, 0]

    /// Trace conserved (1e-10: the solver's tolerance 1e-10 bounds the Frobenius error, and the
    /// trace of exact dynamics is exactly 1) and rho positive (smallest eigenvalue >= -1e-10,
    /// the same bound). (The stationary I/d and the long-time limits with several sites are
    /// in LindbladLawTests and ClosureTests.)
    @Test func manyBodyTraceAndPositivity() throws {
        let out = try LindbladSolver(options: .init(observables: [.trace, .entropyVN])).run(
            chain: Self.chain, initial: .product(occupations: Self.occupations),
            times: [0, 0.5, 2, 10])
        guard case .scalar(let trace)? = out.observables["trace"],
            let smallest = out.smallestEigenvalues
        else {
            Issue.record("missing")
            return
        }
        let tolerance = Tolerance.derived("the propagation tolerance 1e-10 in ||rho||_F")
        RoundOff.expect(trace.map { abs($0 - 1) }.max()!, bound: 1e-10, why: tolerance)
        RoundOff.expect(max(0, -smallest.min()!), bound: 1e-10, why: tolerance)
    }

    /// The dephasing rates in the Fock basis are D_ab = (1/2) sum_s gamma_s (n_s(a) - n_s(b))^2:
    /// computed here from the bit strings (the number of differing noisy bits, weighted),
    /// exactly equal (sums of halves of these gammas are exact).
    @Test func fockDephasingRates() {
        let sector = FockSector(length: 6, particles: 3)
        let dephasing = FockDephasing(
            sector: sector, noiseSites: [0, 2, 3, 5], gammas: [0.5, 1, 0.5, 2])
        for a in 0..<sector.dimension {
            for b in 0..<sector.dimension {
                let differing = sector.states[a] ^ sector.states[b]
                var expected = 0.0
                for (s, g) in zip([0, 2, 3, 5], [0.5, 1, 0.5, 2])
                where differing >> UInt64(s) & 1 == 1 { expected += g / 2 }
                #expect(dephasing.rate(a, b) == expected)
            }
        }
        #expect(dephasing.largestRate == 2)
    }

    /// The exact closure equals the many-body rho_s with several noisy sites (random chains,
    /// two to L noisy sites with random gammas, ground and product states): 1e-9, the two
    /// solvers' tolerances 1e-10 with the margin of the single-site check.
    @Test func closureEqualsManyBody() throws {
        for seed in UInt64(1)...4 {
            var rng = CounterRNG(seed: seed, stream: .test, realization: 0)
            let l = 5 + Int(seed % 3)
            let sites = (0..<l).filter { _ in rng.nextUniform() < 0.5 } + [Int(seed) % l]
            let noisy = Array(Set(sites)).sorted().shuffled(using: &rng)
            let chain = Chain.disordered(
                length: l, disorder: 1.5, noiseSites: noisy,
                gammas: noisy.map { _ in 2 * rng.nextUniform() },
                seed: seed, realization: 0)
            let occ = InitialState.randomOccupations(
                length: l, particles: l / 2, seed: seed, realization: 0)
            for initial in [InitialState.ground(particles: l / 2), .product(occupations: occ)] {
                let times = [0, 0.7, 3, 12.0]
                let mb = try LindbladSolver(options: .init(observables: [.rhoS])).run(
                    chain: chain, initial: initial, times: times)
                let cl = try ClosureSolver(options: .init(observables: [.rhoS])).run(
                    chain: chain, initial: initial, times: times)
                guard case .complexMatrix(let a)? = mb.observables["rho_s"],
                    case .complexMatrix(let b)? = cl["rho_s"]
                else {
                    Issue.record("missing")
                    return
                }
                RoundOff.expect(
                    zip(a, b).map { $0.maxDifference($1) }.max()!, bound: 1e-9,
                    why: .measured(
                        "the solvers' accumulated tolerance errors, 1e-10 per step"),
                    "sites \(noisy)")
            }
        }
    }

    /// The averaged kick of the closure's schemes is the product of the single-site channels:
    /// in the site basis it multiplies X_ij by exp(-Gamma_ij dt), Gamma_ij = (g_i + g_j)/2 for
    /// i != j and 0 on the diagonal (checked entry by entry on a random Hermitian X, 1e-13).
    @Test func averagedKickIsTheSiteBasisDephasing() {
        let spectrum = Self.chain.spectrum()
        let dt = 0.37, l = 6
        var rng = CounterRNG(seed: 5, stream: .test, realization: 0)
        var site = ComplexMatrix(rows: l, columns: l)
        for j in 0..<l {
            for i in 0...j {
                let re = rng.nextUniform() - 0.5, im = i == j ? 0 : rng.nextUniform() - 0.5
                site[i, j] = .init(re, im)
                site[j, i] = .init(re, -im)
            }
        }
        var x = site.congruence(spectrum.vectors, transposeFirst: true)
        SchemeAverage(spectrum: spectrum, scheme: .strang, dt: dt, gammas: Self.chain.gammas)
            .dephase(&x)
        let back = x.congruence(spectrum.vectors)
        let g = Self.chain.noiseStrengths
        var worst = 0.0
        for j in 0..<l {
            for i in 0..<l {
                let factor = i == j ? 1 : exp(-(g[i] + g[j]) / 2 * dt)
                worst = max(
                    worst, abs(back[i, j].real - factor * site[i, j].real),
                    abs(back[i, j].imaginary - factor * site[i, j].imaginary))
            }
        }
        RoundOff.expect(
            worst, bound: 1e-13,
            why: .derived("two congruences, L = 6, ||X|| <= 3: 2 L eps ||X|| = 8e-15, x12"))
    }

    /// Trajectories average to the exact average of their own scheme at the same dt (Lie and
    /// Strang, dt = 0.1 and 0.5), energy and every density at three times, every number
    /// informative, at the budget's threshold (as in TrajectoryVersusClosureTests).
    @Test(arguments: [(Scheme.strang, 0.1), (.lie, 0.1), (.strang, 0.5), (.lie, 0.5)])
    func trajectoriesEqualSchemeAverage(scheme: Scheme, dt: Double) throws {
        let a = try #require(
            TrajectoryChecks.agreement(
                chain: Self.chain, initial: .product(occupations: Self.occupations), scheme: scheme,
                dt: dt, steps: [5, 20, 40],
                noise: 4000, seed: 17))
        #expect(
            a.passes(
                k: TrajectoryVersusClosureTests.k(a, noise: 4000, comparisons: 4),
                minimumInformative: a.points),
            "\(scheme) dt=\(dt): max |z| = \(a.maxZ), \(a.informative) of \(a.points) informative")
    }

    /// Transport with noise on every third site: R and the width of one chain's trajectories
    /// equal the closure's (roots of the averaged second moment), budget threshold.
    @Test func transportWithNoiseEveryThirdSite() throws {
        let l = 30
        let sites = Array(stride(from: 2, to: l, by: 3))
        let chain = Chain.disordered(
            length: l, disorder: 3, noiseSites: sites, gammas: sites.map { _ in 0.5 }, seed: 23,
            realization: 0)
        let a = try #require(
            TrajectoryChecks.agreement(
                chain: chain, initial: .excitation(site: 14), scheme: .strang, dt: 0.1,
                steps: [50, 300], noise: 4000, seed: 23,
                observables: [.rmsWidth, .rmsDisplacement]))
        #expect(
            a.passes(
                k: TrajectoryVersusClosureTests.k(a, noise: 4000), minimumInformative: a.points),
            "max |z| = \(a.maxZ)")
    }

    /// The paper's scheme runs with several sites (one angle per site in one exponential), and
    /// its trajectories average to the exact average of that scheme, computed here by a tensor
    /// Gauss-Hermite quadrature over the two angles (12 x 12 nodes: the step is entire in the
    /// angles), k = 4.5. Its library average (`PaperSchemeAverage`, one angle) refuses two sites.
    @Test func paperSchemeWithTwoSites() throws {
        let chain = Chain.disordered(
            length: 4, disorder: 1, noiseSites: [0, 2], gammas: [1, 0.6], seed: 7, realization: 0)
        #expect(throws: InputError.self) { _ = try PaperSchemeAverage(chain: chain, dt: 0.3) }
        let dt = 0.3, l = 4, occ = [1, 0, 1, 0]
        let (x, w) = Eigen.symmetricTridiagonal(
            diagonal: [Double](repeating: 0, count: 12),
            offDiagonal: (1..<12).map { Double($0).squareRoot() })
        var unitaries: [(Double, ComplexMatrix)] = []
        for m in 0..<12 {
            for n in 0..<12 {
                var h = chain.hamiltonian
                h[0, 0] += (dt * chain.gammas[0]).squareRoot() * x[m] / dt
                h[2, 2] += (dt * chain.gammas[1]).squareRoot() * x[n] / dt
                let (mu, v) = Eigen.symmetric(h)
                var u = ComplexMatrix(rows: l, columns: l)
                for b in 0..<l {
                    for a in 0..<l {
                        var z = Complex(0, 0)
                        for c in 0..<l {
                            z +=
                                Complex(cos(mu[c] * dt), -sin(mu[c] * dt))
                                * Complex(v[a, c] * v[b, c], 0)
                        }
                        u[a, b] = z
                    }
                }
                unitaries.append((w[0, m] * w[0, m] * w[0, n] * w[0, n], u))
            }
        }
        var rho = ClosureSolver.initialDensityMatrix(
            chain: chain, spectrum: chain.spectrum(), initial: .product(occupations: occ))
        // rho_s -> sum_q w_q conj(U_q) rho_s U_q^T (see SchemeAverage for the convention)
        for _ in 0..<10 {
            var next = ComplexMatrix(rows: l, columns: l)
            for (weight, u) in unitaries {
                for j in 0..<l {
                    for i in 0..<l {
                        var z = Complex(0, 0)
                        for b in 0..<l {
                            for a in 0..<l { z += u[i, a].conjugate * rho[a, b] * u[j, b] }
                        }
                        next[i, j] += Complex(weight, 0) * z
                    }
                }
            }
            rho = next
        }
        let solver = TrajectorySolver(
            options: .init(
                scheme: .paper, dt: dt, noiseRealizations: 1500, seed: 5,
                observables: [.energy, .density]))
        let stats = try solver.run(
            chain: chain, initial: .product(occupations: occ), times: [3.0], realization: 0)
        let expected = [chain.energy(of: rho)] + (0..<l).map { rho.re[$0 * l + $0] }
        let a = SampledAgreement(
            mean: stats.mean, standardError: stats.standardError, exact: expected)
        #expect(
            a.passes(
                k: TrajectoryVersusClosureTests.k(a, noise: 1500), minimumInformative: a.points),
            "max |z| = \(a.maxZ)")
    }
}
