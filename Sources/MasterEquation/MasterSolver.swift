import Foundation
import ChainModel
import LinearAlgebra

// Why relative accuracy: a symmetric eigensolver of G (errors of order eps ||G||) left absolute
// errors ~1e-8 in the populations at t = 1e8, and R(t) differing by 2e-6 between BLAS builds.
/// The classical master equation dp_a/dt = sum_b Gamma_ab (p_b - p_a) (paper eq. 19) with
/// rates Gamma = sum_s c_s u_s u_s^T (one rank-one term per noisy site), solved exactly for
/// any t.
///
/// The generator is G = -sum_s c_s A_s with A_s = S_s diag(u_s) - u_s u_s^T, S_s = sum_b
/// u_s[b] (the b = a terms cancel): symmetric, positive semidefinite, with the uniform vector
/// as exact zero mode (it carries sum p). The rates span many orders of magnitude
/// (u_a ~ e^{-|a - L/2|/xi}), and the slow ones decide R(t) at late times, so they are
/// computed to relative accuracy, not to eps ||G|| as a symmetric eigensolver would: from a
/// graded factor -G = c F F^T (`RateFactor`; one term: c its
/// prefactor and F = sqrt(S) diag(sqrt(u)) Q, a row-graded matrix with orthonormal columns;
/// several terms: c = 1 and F = D^{1/2} C D2 with C orthogonal), for which the Jacobi SVD
/// (`Eigen.gradedSingular`, LAPACK dgejsv) gives the singular values sigma_k to relative
/// accuracy (for several terms up to the S - 1 modes between the sites, see `RateFactor.sum`).
/// Terms with c_s = 0 or u_s = 0 are dropped first. With F = W Sigma V^T,
///     p(t) = p0 + W diag(expm1(-c sigma_k^2 t)) W^T p0,
/// so p(0) = p0 exactly, t = 1e8 costs what t = 1 costs (no time stepping), and sum p is
/// conserved to round-off (W is orthogonal to the uniform vector).
public struct MasterSolver: Sendable {
    public let rates: MasterRates
    /// -c sigma_k^2: the nonzero-mode eigenvalues of G.
    package let values: [Double]
    /// W: L x (L - 1), the eigenvectors of G orthogonal to the uniform vector.
    package let vectors: RealMatrix

    /// The observables of a master-equation run on L sites: trace, populations and the width
    /// w(t) = sqrt(sum_a (x_a - x_0)^2 p_a) (`rms_width`, the root of the averaged second
    /// moment: the paper's R of Sec. IV, which is the full width, while its eq. 18 for the
    /// quantum solvers is half of it, `rms_displacement`); with `collapse` also w/xi and xi t
    /// (Fig. 4b).
    public static func layout(length l: Int, times: Int, collapse: Bool) -> ObservableLayout {
        var entries: [(observable: Observable, shape: ObservableLayout.Shape)] = [
            (.trace, .scalar), (.populations, .vector(l)), (.rmsWidth, .rootOfMean),
        ]
        if collapse { entries += [(.rmsWidthOverXi, .rootOfMean), (.xiTimesT, .scalar)] }
        return ObservableLayout(times: times, entries: entries)
    }

    public init(rates: MasterRates) {
        self.rates = rates
        let l = rates.count
        let active = rates.terms.filter { $0.c > 0 && $0.u.contains { $0 > 0 } }
        guard !active.isEmpty else {  // no noise: G = 0, p(t) = p0
            values = [Double](repeating: 0, count: l - 1)
            vectors = RealMatrix(rows: l, columns: l - 1)
            return
        }
        let c = active.count == 1 ? active[0].c : 1
        let (sigma, w) = Eigen.gradedSingular(
            active.count == 1 ? RateFactor.rankOne(active[0].u) : RateFactor.sum(active))
        values = sigma.map { -c * $0 * $0 }
        vectors = w
    }

    /// p(t) from p(0).
    public func populations(from p0: [Double], at t: Double) -> [Double] {
        let l = p0.count
        var p = p0
        for k in 0..<(l - 1) {
            var s = 0.0
            for a in 0..<l { s += vectors[a, k] * p0[a] }
            let coefficient = s * Foundation.expm1(values[k] * t)
            if coefficient != 0 { for a in 0..<l { p[a] += vectors[a, k] * coefficient } }
        }
        return p
    }

    // Measured: min p = 0 exactly (never negative) for L = 1000 with ansatz rates xi = 1..16
    // and with microscopic rates W = 1, 4, t <= 1e8.
    /// Smallest population accepted: p >= -1e-12, an allowance for round-off where p ~ 1.
    public static let positivityTolerance = 1e-12

    /// Populations, their sum and the width sqrt(sum_a (x_a - x_0)^2 p_a(t)) from the rates'
    /// initial populations, x_0 their `origin`. Checks sum p = 1 to 1e-10 and p >= -1e-12.
    public func run(times: [Double], realization: Int? = nil) throws -> Observables {
        let l = rates.count
        let p0 = rates.initialPopulations
        let x0 = rates.origin
        var trace: [Double] = [], pops: [[Double]] = [], rms: [Double] = []
        for t in times {
            let p = populations(from: p0, at: t)
            let total = p.reduce(0, +)
            guard total.isFinite, abs(total - 1) < 1e-10 else {
                throw InvariantViolation(
                    invariant: "sum p = 1", time: t, realization: realization,
                    detail: "sum \(total)")
            }
            if let low = p.min(), low < -Self.positivityTolerance {
                throw InvariantViolation(
                    invariant: "p >= 0", time: t, realization: realization, detail: "min p \(low)")
            }
            trace.append(total)
            pops.append(p)
            var r2 = 0.0
            for a in 0..<l { r2 += (rates.positions[a] - x0) * (rates.positions[a] - x0) * p[a] }
            rms.append(max(r2, 0).squareRoot())
        }
        var obs = Observables()
        obs[.trace] = .scalar(trace)
        obs[.populations] = .vector(pops)
        obs[.rmsWidth] = .scalar(rms)
        return obs
    }
}
