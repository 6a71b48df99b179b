import Foundation
import PropertyBased
import Testing
import ChainModel
import LinearAlgebra
import MasterEquation
import TestSupport

@Suite struct MasterEquationTests {
    /// Probability conserved and populations >= -1e-12 at t = 0, 0.3, 3 and 30 from `p0`, and
    /// the uniform distribution stationary at t = 7, for any rates on at most L = 40 sites
    /// (one term or several: the bounds are the round-off of L modes of L terms).
    static func expectConservedPositiveStationary(_ solver: MasterSolver, from p0: [Double]) {
        for t in [0.0, 0.3, 3, 30] {
            let p = solver.populations(from: p0, at: t)
            RoundOff.expect(
                abs(p.reduce(0, +) - 1), bound: 1e-12,
                why: .derived("L^2 eps = 3.6e-13 at L = 40 (L modes of L terms), x2.8"))
            RoundOff.expect(
                max(0, -p.min()!), bound: 1e-12,
                why: .derived("a population's round-off, L^2 eps = 3.6e-13 at L = 40"))
        }
        let uniform = [Double](repeating: 1 / Double(p0.count), count: p0.count)
        RoundOff.expect(
            zip(solver.populations(from: uniform, at: 7), uniform).map { abs($0 - $1) }.max()!,
            bound: 1e-13, why: .derived("uniform is the null mode: L eps = 8.9e-15 at L = 40, x11"))
    }

    /// Probability is conserved (1e-12: the modes are orthogonal to the uniform one), populations
    /// stay
    /// >= -1e-12 at moderate times, and the uniform distribution is stationary and reached,
    /// for random rank-one rates.
    @Test func conservationPositivityFixedPoint() async {
        await seededPropertyCheck(
            count: 20, input: Gen.int(in: 2...40), Gen.int(in: 0...10_000), Gen.double(in: 0.1...3)
        ) { l, seed, c in
            var rng = CounterRNG(seed: UInt64(seed), stream: .test, realization: 0)
            let u = (0..<l).map { _ in 0.05 + rng.nextUniform() }
            let solver = MasterSolver(
                rates: MasterRates(u: u, c: c, positions: (1...l).map(Double.init), startingIn: 0))
            var p0 = [Double](repeating: 0, count: l)
            p0[seed % l] = 1
            Self.expectConservedPositiveStationary(solver, from: p0)
            let uniform = [Double](repeating: 1 / Double(l), count: l)
            // Slowest rate >= c min(u) * min(u) * ... >= c * 0.05^2: t = 1e5 is far beyond.
            let late = solver.populations(from: p0, at: 1e5)
            RoundOff.expect(
                zip(late, uniform).map { abs($0 - $1) }.max()!, bound: 1e-10,
                why: .derived("e^{-c u_min^2 t} <= e^{-25} = 1.4e-11 at t = 1e5, plus round-off"))
        }
    }

    /// The slow rates to relative accuracy (`AnsatzClosedForm.largestRateError`): half of the
    /// ansatz spectrum is known in closed form, down to e^{-499} for L = 1000, xi = 1, far below
    /// eps ||G|| (where a symmetric eigensolver returns round-off). Each rate must be found to
    /// 1e-12 relative: the Jacobi SVD bounds the relative error by f(L) eps (measured worst
    /// 2e-14 over these cases; with the Householder pivot at the smallest u instead of the
    /// largest it was 8e-12, the reason for the pivot choice).
    @Test(arguments: [(40, 1.0), (200, 2.0), (1000, 1.0), (1000, 16.0)])
    func slowRatesToRelativeAccuracy(length l: Int, xi: Double) {
        let worst = AnsatzClosedForm.largestRateError(length: l, xi: xi)
        print("master L=\(l) xi=\(xi): worst relative error of the closed-form rates \(worst)")
        RoundOff.expect(
            worst, bound: 1e-12,
            why: .derived("dgejsv: f(L) eps cond, f = L = 1000: 2.2e-13; x4.5 (measured 2e-14)"))
    }

    /// L = 2: p_1(t) = 1/2 + (p_1(0) - 1/2) e^{-2 Gamma_12 t}, Gamma_12 = c u_1 u_2 (1e-13).
    @Test func twoStatesClosedForm() {
        let u = [0.7, 0.3], c = 1.3
        let solver = MasterSolver(rates: MasterRates(u: u, c: c, positions: [1, 2], startingIn: 0))
        for t in [0.1, 1, 5, 20.0] {
            let p = solver.populations(from: [1, 0], at: t)
            RoundOff.expect(
                abs(p[0] - (0.5 + 0.5 * exp(-2 * c * u[0] * u[1] * t))), bound: 1e-13,
                why: .derived(
                    "O(1) entries, exp's condition 2 c u1 u2 "
                        + "t <= 11: 11 x 10 eps = 2.4e-14"))
        }
    }

    /// L = 3: the nonzero rates are c (sigma2 -+ sqrt(sigma2^2 - 3 S u1 u2 u3)) (the
    /// characteristic polynomial of u u^T - S diag(u) is mu (mu^2 + 2 sigma2 mu + 3 S u1 u2 u3),
    /// sigma2 = u1u2 + u1u3 + u2u3): p(t) - 1/3 is a combination of the two exponentials, so
    /// projecting out the fast one with two times and predicting a third checks both rates
    /// (1e-12). The solution also satisfies the equation: a central difference of p(t)
    /// matches G p(t) to the difference's O(h^2) error (1e-8 at h = 1e-4).
    @Test func threeStatesClosedForm() {
        let u = [0.9, 0.4, 0.2], c = 0.8
        let s = u.reduce(0, +), sigma2 = u[0] * u[1] + u[0] * u[2] + u[1] * u[2]
        let root = (sigma2 * sigma2 - 3 * s * u[0] * u[1] * u[2]).squareRoot()
        let slow = c * (sigma2 - root), fast = c * (sigma2 + root)
        let solver = MasterSolver(
            rates: MasterRates(u: u, c: c, positions: [1, 2, 3], startingIn: 0))
        let p0 = [1.0, 0, 0]
        // d(t) = A e^{-slow t} + B e^{-fast t} for each component.
        let t1 = 0.5, t2 = 1.7, t3 = 4.2
        let d1 = solver.populations(from: p0, at: t1).map { $0 - 1.0 / 3 }
        let d2 = solver.populations(from: p0, at: t2).map { $0 - 1.0 / 3 }
        let d3 = solver.populations(from: p0, at: t3).map { $0 - 1.0 / 3 }
        for a in 0..<3 {
            // Solve for A, B from t1, t2; predict t3.
            let m11 = exp(-slow * t1), m12 = exp(-fast * t1), m21 = exp(-slow * t2),
                m22 = exp(-fast * t2)
            let det = m11 * m22 - m12 * m21
            let aa = (d1[a] * m22 - m12 * d2[a]) / det, bb = (m11 * d2[a] - d1[a] * m21) / det
            RoundOff.expect(
                abs(aa * exp(-slow * t3) + bb * exp(-fast * t3) - d3[a]), bound: 1e-12,
                why: .derived(
                    "10 eps of p over the 2x2 fit's |det|^-1 "
                        + "~ 10 and e^{slow t} ~ 2: 4e-14"))
        }
        let h = 1e-4, t = 2.0
        let plus = solver.populations(from: p0, at: t + h),
            minus = solver.populations(from: p0, at: t - h)
        let p = solver.populations(from: p0, at: t)
        for a in 0..<3 {
            var rhs = 0.0
            for b in 0..<3 { rhs += c * u[a] * u[b] * (p[b] - p[a]) }
            RoundOff.expect(
                abs((plus[a] - minus[a]) / (2 * h) - rhs), bound: 1e-8,
                why: .derived(
                    "h^2 fast^3 / 6 = 5.5e-10 (h = 1e-4, "
                        + "fast = 0.69) + eps/h = 2e-12, x18"))
        }
    }

    /// The paper's collapse (Fig. 4(b)): with ansatz rates R/xi is a function of xi t. For
    /// xi = 2, 4, 8 on L = 1000 (boundaries never reached) R/xi at equal xi t agree to within
    /// a relative spread of 0.15 over xi t in [1e2, 1e6]; the collapse is only asymptotic (the
    /// lattice spacing 1 is not scaled), and the spread, measured 0.05-0.1 once and now at
    /// most 2.7e-3 (2026-12-05, default core type), shrinks with xi. The bound is a
    /// statement of the paper's collapse, not round-off, and is kept as it was.
    @Test func ansatzCollapse() throws {
        let scaled = [1e2, 1e3, 1e4, 1e5, 1e6]
        var curves: [[Double]] = []
        for xi in [2.0, 4, 8] {
            let obs = try MasterSolver(rates: .ansatz(length: 1000, xi: xi, c: 1)).run(
                times: scaled.map { $0 / xi })
            guard case .scalar(let r)? = obs["rms_width"] else { return }
            curves.append(r.map { $0 / xi })
        }
        for n in scaled.indices {
            let values = curves.map { $0[n] }
            let spread = (values.max()! - values.min()!) / values.max()!
            RoundOff.expect(
                spread, bound: 0.15, why: .measured("asymptotic collapse: spread <= 2.7e-3"),
                "xi t = \(scaled[n]): R/xi = \(values)")
        }
    }

    /// Microscopic rates start where the quantum transport problem does (a density excitation
    /// on the noisy site k, Fig. 3): p_a(0) = |phi_a(k)|^2, R measured from site k, so
    /// R(0)^2 = sum_a |phi_a(k)|^2 (x_a - k)^2 with x_a the eigenstate centres (to round-off).
    @Test func microscopicStartIsTheSiteExcitation() throws {
        let chain = TestSupport.randomChain(
            length: 40, disorder: 2, noiseSite: 17, gamma: 1, seed: 3)
        let rates = MasterRates.microscopic(chain: chain, prefactors: [1], start: 17)
        let spectrum = chain.spectrum()
        let weights = (0..<40).map { spectrum.vectors[17, $0] * spectrum.vectors[17, $0] }
        RoundOff.expect(
            zip(rates.initialPopulations, weights).map { abs($0 - $1) }.max()!, bound: 1e-15,
            why: .derived("the same squares |phi_a(k)|^2 <= 1: at most a few eps = 4.4e-16"))
        RoundOff.expect(
            abs(rates.initialPopulations.reduce(0, +) - 1), bound: 1e-13,
            why: .derived("a row of orthogonal V: L eps = 8.9e-15 at L = 40, x11"))
        let obs = try MasterSolver(rates: rates).run(times: [0, 10])
        guard case .scalar(let r)? = obs["rms_width"] else { Issue.record("no R"); return }
        let expected = zip(weights, spectrum.centres).map { $0 * ($1 + 1 - 18) * ($1 + 1 - 18) }
            .reduce(0, +).squareRoot()
        RoundOff.expect(
            abs(r[0] - expected), bound: 1e-12 * expected,
            why: .derived("relative: a sum of L = 40 positive terms, L eps = 8.9e-15, x100"))
    }
}
