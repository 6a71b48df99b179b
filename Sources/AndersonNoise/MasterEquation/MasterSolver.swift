import Foundation

/// The classical master equation dp_a/dt = sum_b Gamma_ab (p_b - p_a) (paper eq. 19) with
/// rank-one rates Gamma = c u u^T, solved exactly for any t.
///
/// The generator G = c (u u^T - diag(u_a S)), S = sum_b u_b (the b = a terms cancel), is
/// symmetric and negative semidefinite, and the uniform vector e/sqrt(L) is an exact zero
/// mode (it carries sum p). That mode is split off exactly by the Householder reflection R
/// that maps e/sqrt(L) to e_1; the rest, B = (R G R) without its first row and column, is
/// diagonalised once (`dsyevd`, B = Q Lambda Q^T), and
///     p(t) = mean(p0) e + R [0; Q exp(Lambda t) Q^T (R p0)_rest].
/// No time stepping: t = 1e8 costs what t = 1 costs, and sum p is conserved to round-off at
/// any t. Eigenvalues above zero by round-off are set to zero.
///
/// Accuracy: `dsyevd` gives eigenvalues to about 1e-16 ||G|| absolute, so the slowest rates
/// (far states, c S u_a ~ e^{-|a - L/2|/xi}) carry that absolute error, and the populations of
/// unreached far states an absolute error growing with t: measured at most 2e-8 for L = 1000,
/// xi = 1..16, t = 1e8 (R(t) is affected at the 1e-7 relative level).
public struct MasterSolver: Sendable {
    public let rates: MasterRates
    let values: [Double]
    let vectors: RealMatrix
    /// The reflector w of R = I - 2 w w^T / (w^T w).
    let reflector: [Double]

    public init(rates: MasterRates) {
        self.rates = rates
        let l = rates.u.count
        let total = rates.u.reduce(0, +)
        var g = RealMatrix(rows: l, columns: l)
        for b in 0..<l {
            for a in 0..<l { g[a, b] = rates.c * rates.u[a] * rates.u[b] }
            g[b, b] -= rates.c * rates.u[b] * total
        }
        var w = [Double](repeating: 1 / Double(l).squareRoot(), count: l)
        w[0] -= 1
        reflector = w
        for b in 0..<l {  // R G: reflect every column
            var column = g.column(b)
            Self.reflect(&column, w)
            for a in 0..<l { g[a, b] = column[a] }
        }
        for a in 0..<l {  // (R G) R: reflect every row
            var row = g.row(a)
            Self.reflect(&row, w)
            for b in 0..<l { g[a, b] = row[b] }
        }
        var block = RealMatrix(rows: l - 1, columns: l - 1)
        for b in 1..<l { for a in 1..<l { block[a - 1, b - 1] = g[a, b] } }
        let (lambda, q) = Eigen.symmetric(block)
        values = lambda.map { min($0, 0) }
        vectors = q
    }

    /// x -> x - 2 w (w . x) / (w . w).
    static func reflect(_ x: inout [Double], _ w: [Double]) {
        var dot = 0.0, norm = 0.0
        for i in x.indices {
            dot += w[i] * x[i]
            norm += w[i] * w[i]
        }
        guard norm > 0 else { return }
        let f = 2 * dot / norm
        for i in x.indices { x[i] -= f * w[i] }
    }

    /// p(t) from p(0).
    public func populations(from p0: [Double], at t: Double) -> [Double] {
        let l = p0.count
        var y = p0
        Self.reflect(&y, reflector)
        var z = [Double](repeating: 0, count: l)  // [0; Q exp(Lambda t) Q^T y_rest]
        for k in 0..<(l - 1) {
            var s = 0.0
            for a in 0..<(l - 1) { s += vectors[a, k] * y[a + 1] }
            let coefficient = s * exp(values[k] * t)
            if coefficient != 0 { for a in 0..<(l - 1) { z[a + 1] += vectors[a, k] * coefficient } }
        }
        Self.reflect(&z, reflector)
        let mean = p0.reduce(0, +) / Double(l)
        return z.map { $0 + mean }
    }

    /// Smallest population accepted: 50 times the largest error measured (see Accuracy).
    public static let positivityTolerance = 1e-6

    /// Populations, their sum and R(t) = sqrt(sum_a (x_a - x_0)^2 p_a(t)) from a delta at the
    /// initial state (paper's Fig. 4). Checks sum p = 1 to 1e-10 and p >= -1e-6.
    public func run(times: [Double], realization: Int? = nil) throws -> Observables {
        let l = rates.u.count
        var p0 = [Double](repeating: 0, count: l)
        p0[rates.initialState] = 1
        let x0 = rates.positions[rates.initialState]
        var trace: [Double] = [], pops: [[Double]] = [], rms: [Double] = []
        for t in times {
            let p = populations(from: p0, at: t)
            let total = p.reduce(0, +)
            guard total.isFinite, abs(total - 1) < 1e-10 else {
                throw InvariantViolation(invariant: "sum p = 1", time: t, realization: realization, detail: "sum \(total)")
            }
            if let low = p.min(), low < -Self.positivityTolerance {
                throw InvariantViolation(invariant: "p >= 0", time: t, realization: realization, detail: "min p \(low)")
            }
            trace.append(total)
            pops.append(p)
            var r2 = 0.0
            for a in 0..<l { r2 += (rates.positions[a] - x0) * (rates.positions[a] - x0) * p[a] }
            rms.append(max(r2, 0).squareRoot())
        }
        var obs = Observables()
        obs["trace"] = .scalar(trace)
        obs["populations"] = .vector(pops)
        obs["rms_displacement"] = .scalar(rms)
        return obs
    }
}
