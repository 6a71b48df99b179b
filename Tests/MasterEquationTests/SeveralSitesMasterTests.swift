import Foundation
import PropertyBased
import Testing
import ChainModel
import LinearAlgebra
import MasterEquation
import TestSupport

/// The master equation with rates summed over several noisy sites,
/// Gamma_ab = sum_s c_s u_s[a] u_s[b] (the several-term path of `MasterSolver`, `RateFactor.sum`).
@Suite struct SeveralSitesMasterTests {
    /// Probability conserved (1e-12), populations >= -1e-12, the uniform distribution
    /// stationary (1e-13) and reached, for random rates of two to five terms. Every
    /// Gamma_ab >= sum_s c_s 0.05^2 >= 5e-4, so the slowest rate is >= L x 5e-4 (complete graph)
    /// and t = 1e5 is far beyond it.
    @Test func conservationPositivityFixedPoint() async {
        await propertyCheck(count: 20, input: Gen.int(in: 2...40), Gen.int(in: 2...5), Gen.int(in: 0...10_000)) { l, terms, seed in
            var rng = CounterRNG(seed: UInt64(seed), stream: .test, realization: 1)
            let rates = MasterRates(
                terms: (0..<terms).map { _ in .init(c: 0.1 + rng.nextUniform(), u: (0..<l).map { _ in 0.05 + rng.nextUniform() }) },
                positions: (1...l).map(Double.init), startingIn: seed % l)
            let solver = MasterSolver(rates: rates)
            for t in [0.0, 0.3, 3, 30] {
                let p = solver.populations(from: rates.initialPopulations, at: t)
                #expect(abs(p.reduce(0, +) - 1) < 1e-12)
                #expect(p.min()! >= -1e-12)
            }
            let uniform = [Double](repeating: 1 / Double(l), count: l)
            #expect(zip(solver.populations(from: uniform, at: 7), uniform).map { abs($0 - $1) }.max()! < 1e-13)
            let late = solver.populations(from: rates.initialPopulations, at: 1e5)
            #expect(zip(late, uniform).map { abs($0 - $1) }.max()! < 1e-10)
        }
    }

    /// Against an independent computation: p(t) = V e^{Lambda t} V^T p(0) from a symmetric
    /// eigensolver (dsyevd) of the dense generator G_ab = Gamma_ab - delta_ab sum_c Gamma_ac,
    /// three graded terms on L = 9, rates of order 1e-3..1: 1e-12 absolute (both are accurate
    /// to eps ||G|| t here, t <= 100).
    @Test func equalsDenseEigensolver() {
        let l = 9
        let terms = [(0.8, 1.0, 2.0), (0.3, 5.0, 1.5), (1.2, 8.0, 3.0)].map { c, centre, xi in
            MasterRates.Term(c: c, u: (0..<l).map { exp(-abs(Double($0) - centre) / xi) })
        }
        let rates = MasterRates(terms: terms, positions: (1...l).map(Double.init), startingIn: 4)
        var g = RealMatrix(rows: l, columns: l)
        for a in 0..<l {
            for b in 0..<l where b != a {
                g[a, b] = rates.rate(a, b)
                g[a, a] -= rates.rate(a, b)
            }
        }
        let (lambda, v) = Eigen.symmetric(g)
        let solver = MasterSolver(rates: rates)
        for t in [0.5, 5, 100.0] {
            let p = solver.populations(from: rates.initialPopulations, at: t)
            for a in 0..<l {
                var x = 0.0
                for k in 0..<l { x += v[a, k] * exp(lambda[k] * t) * v[4, k] }
                #expect(abs(p[a] - x) < 1e-12, "t = \(t), a = \(a)")
            }
        }
    }

    /// Relative accuracy of the several-term path, down to rates far below eps ||G||: with
    /// every term centred at L/2 the antisymmetric pairs are exact eigenvectors with rate
    /// sum_s c_s S_s e^{-m/xi_s} (`AnsatzClosedForm.largestRateError`), to 1e-12 relative as
    /// for one term. Two equal terms (then K has rank one: one direction of the construction
    /// has no weight) must give the rates of the single term with the summed c.
    @Test(arguments: [(200, [(0.7, 1.0), (0.3, 2.5)]), (1000, [(0.7, 1.0), (0.3, 2.5)]), (1000, [(0.35, 1.0), (0.35, 1.0)]),
                      (400, [(0.2, 4.0), (0.5, 1.0), (0.1, 16.0)])])
    func slowRatesToRelativeAccuracy(length l: Int, terms: [(Double, Double)]) {
        let worst = AnsatzClosedForm.largestRateError(length: l, terms: terms.map { (c: $0.0, xi: $0.1) })
        print("master L=\(l) terms \(terms): worst relative error of the closed-form rates \(worst)")
        #expect(worst < 1e-12)
    }

    /// Microscopic rates with noise on every fourth site (L = 24, W = 2) reach the uniform
    /// distribution: the slowest rate is measured here (> 1e-4), and at t = 1e8 the
    /// populations are uniform to 1e-10; the start is a density excitation on the first
    /// noisy site, p_a(0) = |phi_a(k_1)|^2.
    @Test func microscopicRatesReachTheUniformDistribution() throws {
        let sites = Array(stride(from: 3, to: 24, by: 4))
        let chain = Chain.disordered(length: 24, disorder: 2, noiseSites: sites, gammas: sites.map { _ in 1 }, seed: 11, realization: 0)
        let rates = MasterRates.microscopic(chain: chain, prefactors: chain.gammas, start: sites[0])
        let solver = MasterSolver(rates: rates)
        let slowest = solver.values.map { -$0 }.filter { $0 > 0 }.min()!
        print("master, noise every 4th site, L = 24: slowest rate \(slowest)")
        #expect(slowest > 1e-4)
        let spectrum = chain.spectrum()
        #expect(zip(rates.initialPopulations, (0..<24).map { spectrum.vectors[sites[0], $0] * spectrum.vectors[sites[0], $0] })
            .allSatisfy { abs($0 - $1) < 1e-15 })
        let obs = try solver.run(times: [0, 1e8])
        guard case .vector(let p)? = obs["populations"] else { Issue.record("no populations"); return }
        #expect(p[1].map { abs($0 - 1.0 / 24) }.max()! < 1e-10)
    }
}
