import Foundation
import ChainModel
import LinearAlgebra

/// Graded factors F of the master-equation generator, -G = F F^T (up to a scalar), F of size
/// L x (L - 1) and of the form D1 C D2 (diagonal D1, D2 of any grading, C orthogonal), so that
/// the Jacobi SVD (`Eigen.gradedSingular`) gives the rates sigma_k^2 to relative accuracy.
///
/// The generator of rates Gamma = sum_s c_s u_s u_s^T is G = -sum_s c_s A_s with
/// A_s = S_s diag(u_s) - u_s u_s^T, S_s = sum_a u_s[a]; every A_s, hence G, has the uniform
/// vector as zero mode.
package enum RateFactor {
    /// One term (without its c): A = F F^T, F = sqrt(S) diag(sqrt(u)) Q without column p,
    /// where Q is the Householder reflection mapping e_p to -sqrt(u / S), p the largest u_a
    /// (so its other columns are an orthonormal basis orthogonal to sqrt(u)): S diag(sqrt u)
    /// (I - v v^T) diag(sqrt u) = A for v = sqrt(u / S).
    package static func rankOne(_ u: [Double]) -> RealMatrix {
        let l = u.count
        let total = u.reduce(0, +)
        let v = u.map { ($0 / total).squareRoot() }
        let pivot = v.indices.max { v[$0] < v[$1] }!
        var f = RealMatrix(rows: l, columns: l - 1)
        // column k of Q = I - w w^T / (1 + v_p), w = v + e_p
        for (column, k) in v.indices.filter({ $0 != pivot }).enumerated() {
            for a in 0..<l {
                let w = a == pivot ? v[a] + 1 : v[a]
                let q = (a == k ? 1 : 0) - w * v[k] / (1 + v[pivot])
                f[a, column] = (total * u[a]).squareRoot() * q
            }
        }
        return f
    }

    // The rate error bound below, measured: at most 0.045 of it, L = 100..1000, with the
    // Prescott, Haswell and SkylakeX kernels of OpenBLAS.
    /// Several terms (their c included): -G = diag(d) - U C U^T with d_a = sum_s c_s S_s u_s[a],
    /// i.e. -G = D^{1/2} (I - K K^T) D^{1/2}, K[a, s] = sqrt(c_s) u_s[a] / sqrt(d_a) (L x S).
    /// The eigenvalues of K K^T are those of K^T K = I - N on range(K) and 0 elsewhere, so
    ///     I - K K^T = C diag(nu_0, ..., nu_{S-1}, 1, ..., 1) C^T,
    /// C orthogonal with column k = y_k = K z_k / sqrt(1 - nu_k) for the eigenpairs (nu_k, z_k)
    /// of the S x S matrix N, and F = D^{1/2} C diag(sqrt nu, 1, ..., 1) without the zero mode
    /// (nu_0 = 0, z_0 ~ (sqrt(c_s) S_s), y_0 = sqrt(d / sum d)). C's other columns complete
    /// the y_k by Householder QR with row pivoting (`Householder.completedBasis`): every row of
    /// C where the y_k are small (the states where d_a is small) is a unit row up to entries
    /// of the size of its y_k[a], so F is graded by rows and columns alike, as for one term.
    ///
    /// N is formed without cancellation: N_st = -sqrt(c_s c_t) sum_a u_s[a] u_t[a] / d_a, and
    /// N_ss = sum_a (u_s[a] / S_s) (d_a - c_s S_s u_s[a]) / d_a with the difference summed as
    /// sum_{r != s} c_r S_r u_r[a]. Its zero mode is removed exactly (Householder, as for one
    /// term) and the rest diagonalised by `Eigen.symmetric`: the nu_k have absolute errors of
    /// order eps (||N|| <= 1). So every rate is found to relative accuracy except the S - 1
    /// modes between the sites, whose nu_k are accurate to eps absolutely (a relative error
    /// eps / nu_k; small nu_k are the slow exchanges between distant sites). To first order
    /// every rate's relative error is at most
    ///     (2 + S) kappa L eps + (L + S) (1 + kappa) eps / 2 + ((L + S) / 2 + S) eps / nu_min,
    /// kappa = 1 / sqrt(nu_min), nu_min the smallest nonzero nu_k (derived in the tests,
    /// `RateAccuracyCase.tolerance`). Cost O(L^2 S) besides the SVD.
    package static func sum(_ terms: [MasterRates.Term]) -> RealMatrix {
        let l = terms[0].u.count, m = terms.count
        let totals = terms.map { $0.u.reduce(0, +) }
        let weights = zip(terms, totals).map { $0.c * $1 }  // c_s S_s
        // d_a - c_s S_s u_s[a] as prefix + suffix sums over the other terms.
        var prefix = [[Double]](repeating: [Double](repeating: 0, count: l), count: m + 1)
        var suffix = prefix
        for s in 0..<m {
            for a in 0..<l { prefix[s + 1][a] = prefix[s][a] + weights[s] * terms[s].u[a] }
        }
        for s in stride(from: m - 1, through: 0, by: -1) {
            for a in 0..<l { suffix[s][a] = suffix[s + 1][a] + weights[s] * terms[s].u[a] }
        }
        let d = prefix[m]
        let inverse = d.map { $0 > 0 ? 1 / $0 : 0 }
        var n = RealMatrix(rows: m, columns: m)
        for s in 0..<m {
            var diagonal = 0.0
            for a in 0..<l {
                diagonal +=
                    terms[s].u[a] / totals[s] * (prefix[s][a] + suffix[s + 1][a]) * inverse[a]
            }
            n[s, s] = diagonal
            for t in 0..<s {
                var x = 0.0
                for a in 0..<l { x += terms[s].u[a] * terms[t].u[a] * inverse[a] }
                n[s, t] = -(terms[s].c * terms[t].c).squareRoot() * x
                n[t, s] = n[s, t]
            }
        }
        // Zero mode z ~ (sqrt(c_s) S_s) out by the reflection Q (Q e_p = -z), the rest
        // diagonalised.
        let zNorm = zip(terms, totals).reduce(0) { $0 + $1.0.c * $1.1 * $1.1 }.squareRoot()
        let z = zip(terms, totals).map { $0.c.squareRoot() * $1 / zNorm }
        let pivot = z.indices.max { z[$0] < z[$1] }!
        let others = z.indices.filter { $0 != pivot }
        var q = RealMatrix(rows: m, columns: m - 1)
        for (column, k) in others.enumerated() {
            for a in 0..<m {
                q[a, column] =
                    (a == k ? 1 : 0) - (a == pivot ? z[a] + 1 : z[a]) * z[k] / (1 + z[pivot])
            }
        }
        let (nu, eigenvectors) = Eigen.symmetric(BLAS.multiplyTransposed(q, BLAS.multiply(n, q)))
        let modes = BLAS.multiply(q, eigenvectors)  // z_1, ..., z_{S-1}, ascending nu
        // Columns y_0, y_1, ... (slowest first), made exactly orthonormal and completed to C.
        let dTotal = d.reduce(0, +)
        // At most L columns: with more terms than states K has rank < S, and the surplus modes
        // (the largest nu, exactly 1) have no weight.
        let columns = min(m, l)
        var y = RealMatrix(rows: l, columns: columns)
        for a in 0..<l { y[a, 0] = (d[a] / dTotal).squareRoot() }
        var scaling = [Double](repeating: 1, count: l)
        scaling[0] = 0
        for k in 1..<columns {
            let value = min(max(nu[k - 1], 0), 1)
            scaling[k] = value.squareRoot()
            let norm = (1 - value).squareRoot()
            guard norm > 0 else { continue }
            for a in 0..<l {
                var x = 0.0
                for s in 0..<m { x += terms[s].c.squareRoot() * terms[s].u[a] * modes[s, k - 1] }
                y[a, k] = x * inverse[a].squareRoot() / norm
            }
        }
        // The completion pivots its reflections at the largest entries of the y_k. Without
        // pivoting (reflections at rows 0, 1, ...: the chain's end, the smallest d_a) rows
        // 0..S-1 of C were dense (row 0 of F: 59 entries above 1e-3 sqrt(d_0) at L = 200,
        // its mirror row L - 2 one), and dgejsv lost exactly the rates of those rows although
        // F determined them (Rayleigh quotients of the exact antisymmetric eigenvectors
        // 1.5e-15, one-sided Jacobi of the same F, dgesvj, 9e-15). Two ansatz terms (c, xi) =
        // (0.7, 1), (0.3, 2.5), unpivoted: the closed-form (antisymmetric) rates to 2.7e-12 /
        // 1.4e-12 / 4.3e-13 at L = 200 (Prescott / Haswell / SkylakeX kernels) and up to
        // 5.9e-10 at L = 300-400, the symmetric modes of those rows (80-bit reference) off
        // by 3e-9 at L = 200, 4e-5 at 300 and by more than 1e-3 from L = 400 on (two equal
        // terms, i.e. one term: relative differences up to 1.7 from the one-term path's
        // rates). Pivoted: every rate to 1.6e-14 or better for L = 100..1000 with all three
        // kernels (SeveralSitesMasterTests.everyRateToRelativeAccuracy, ci/master-accuracy.sh).
        let c = Householder.completedBasis(y)
        var f = RealMatrix(rows: l, columns: l - 1)
        for j in 1..<l {
            for a in 0..<l { f[a, j - 1] = d[a].squareRoot() * c[a, j] * scaling[j] }
        }
        return f
    }
}

/// Householder QR of a tall matrix, for an orthogonal completion of its columns.
package enum Householder {
    /// The orthogonal L x L matrix C of the Householder QR with row pivoting of Y (L x S):
    /// C = P^T H_1 ... H_S with P the row permutation. Its first S columns are the
    /// Gram-Schmidt orthonormalisation of Y's columns (up to sign; a column dependent on the
    /// earlier ones gets any unit vector orthogonal to them), the others an orthonormal basis
    /// of their complement. Reflection k pivots at the row of the largest remaining entry of
    /// column k, so a row a that is never a pivot differs from the unit row e_a^T by
    /// O(max_k |Y[a, k]|): rows where Y is small stay small off their own column.
    package static func completedBasis(_ y: RealMatrix) -> RealMatrix {
        let l = y.rows, m = y.columns
        var r = y
        var free = [Bool](repeating: true, count: l)  // rows not yet a pivot
        var pivots: [Int] = []
        // v of H = I - 2 v v^T / (v^T v) in y's row numbering, zero on the earlier pivots.
        var reflectors: [[Double]] = []
        for k in 0..<m {
            let rows = (0..<l).filter { free[$0] }
            let pivot = rows.max { abs(r[$0, k]) < abs(r[$1, k]) }!
            free[pivot] = false
            pivots.append(pivot)
            var v = [Double](repeating: 0, count: l)
            for i in rows { v[i] = r[i, k] }
            let norm = rows.reduce(0) { $0 + v[$1] * v[$1] }.squareRoot()
            guard norm > 0 else { reflectors.append([]); continue }
            v[pivot] += v[pivot] < 0 ? -norm : norm
            let vv = rows.reduce(0) { $0 + v[$1] * v[$1] }
            for j in k..<m {
                let f = 2 * rows.reduce(0) { $0 + v[$1] * r[$1, j] } / vv
                for i in rows { r[i, j] -= f * v[i] }
            }
            reflectors.append(v)
        }
        var c = RealMatrix.identity(l)  // H_1 ... H_S, applied from the last
        for v in reflectors.reversed() where !v.isEmpty {
            let support = v.indices.filter { v[$0] != 0 }
            let vv = support.reduce(0) { $0 + v[$1] * v[$1] }
            for j in 0..<l {
                let f = 2 * support.reduce(0) { $0 + v[$1] * c[$1, j] } / vv
                if f != 0 { for i in support { c[i, j] -= f * v[i] } }
            }
        }
        // Column k of the QR is C e_{pivot_k}; the unit vectors of the other rows complete it.
        let order = pivots + (0..<l).filter { free[$0] }
        var basis = RealMatrix(rows: l, columns: l)
        for (column, j) in order.enumerated() { for i in 0..<l { basis[i, column] = c[i, j] } }
        return basis
    }
}
