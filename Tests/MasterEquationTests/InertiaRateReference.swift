#if arch(x86_64)  // Float80 exists on x86 only
import LinearAlgebra
import MasterEquation

/// The eigenvalues of the master generator of Gamma = sum_s c_s u_s u_s^T (the rates), to
/// relative accuracy and independently of the solver's factor and SVD: the number of
/// eigenvalues of -G below any x > 0 by Sylvester's law of inertia, in 80-bit arithmetic
/// (unit roundoff 2^-64 = 5.4e-20), O(L S^2) per count.
///
/// -G = D - W W^T (d_a = sum_s c_s S_s u_s[a], W[a, s] = sqrt(c_s) u_s[a]), so -G - x is
/// congruent to Delta - K K^T with Delta = diag(1 - x / d_a), K = D^{-1/2} W. The inertia of
/// [[Delta, K], [K^T, I]] taken through either diagonal block (Haynsworth) gives
///     #{eigenvalues of -G below x} = #{a: d_a < x} + #{negative eigenvalues of M(x)},
///     M(x) = I - K^T Delta^{-1} K = N - x E(x),   E(x) = sum_a k_a k_a^T / (d_a - x),
/// with k_a row a of K and N = I - K^T K formed without cancellation (as `RateFactor.sum`
/// forms it). N z = 0 for z ~ (sqrt(c_s) S_s) (G's uniform zero mode), and k_a . z =
/// sqrt(d_a) / |sqrt(c) S| exactly: in the orthonormal basis (Q_perp, z) N's row and column
/// of z are exact zeros, so the zero mode's pivot -x z^T E z keeps its sign at any x > 0
/// (with N's rounding left in it, it would be lost below x ~ eps). M is factored LDL^T in
/// that order, z last.
///
/// Each count is exact for data (d, k_a, N) perturbed by O(L u80) relatively, so a rate
/// found by bisection on the count is accurate to about L u80 / nu_min (5e-17 at L = 1000
/// with nu_min >= 0.5), nu_min the smallest nonzero eigenvalue of N.
struct InertiaRateReference {
    let length: Int
    let termCount: Int
    /// d_a.
    private let d: [Float80]
    /// Row a of K in the basis (Q_perp, z): termCount entries per state, z's last.
    private let rotatedK: [Float80]
    /// Q_perp^T N Q_perp, (termCount - 1)^2 entries, row-major.
    private let reducedN: [Float80]
    /// The smallest nonzero eigenvalue of N (1 for one term).
    let smallestNu: Double

    init(terms: [MasterRates.Term]) {
        let l = terms[0].u.count, m = terms.count
        length = l
        termCount = m
        let c = terms.map { Float80($0.c) }
        let u = terms.map { $0.u.map { Float80($0) } }
        let totals = u.map { $0.reduce(0, +) }
        var d = [Float80](repeating: 0, count: l)
        for s in 0..<m { for a in 0..<l { d[a] += c[s] * totals[s] * u[s][a] } }
        self.d = d
        var n = [[Float80]](repeating: [Float80](repeating: 0, count: m), count: m)
        for s in 0..<m {
            for a in 0..<l {
                var others: Float80 = 0
                for r in 0..<m where r != s { others += c[r] * totals[r] * u[r][a] }
                n[s][s] += u[s][a] / totals[s] * others / d[a]
            }
            for t in 0..<s {
                var x: Float80 = 0
                for a in 0..<l { x += u[s][a] * u[t][a] / d[a] }
                n[s][t] = -(c[s] * c[t]).squareRoot() * x
                n[t][s] = n[s][t]
            }
        }
        // Q = I - 2 v v^T / (v^T v), v = z + e_0: Q e_0 = -z, columns 1..<m span z's
        // complement (Q_perp).
        let zNorm = (0..<m).reduce(Float80(0)) { $0 + c[$1] * totals[$1] * totals[$1] }
            .squareRoot()
        let z = (0..<m).map { c[$0].squareRoot() * totals[$0] / zNorm }
        var v = z
        v[0] += 1
        let vv = v.reduce(0) { $0 + $1 * $1 }
        let q = { (i: Int, j: Int) -> Float80 in (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv }
        var reduced = [Float80](repeating: 0, count: (m - 1) * (m - 1))
        for i in 1..<m {
            for j in 1..<m {
                var x: Float80 = 0
                for p in 0..<m { for r in 0..<m { x += q(p, i) * n[p][r] * q(r, j) } }
                reduced[(i - 1) * (m - 1) + j - 1] = x
            }
        }
        reducedN = reduced
        var rotated = [Float80](repeating: 0, count: l * m)
        for a in 0..<l {
            let k = (0..<m).map { c[$0].squareRoot() * u[$0][a] / d[a].squareRoot() }
            for j in 1..<m {
                rotated[a * m + j - 1] = (0..<m).reduce(Float80(0)) { $0 + q($1, j) * k[$1] }
            }
            rotated[a * m + m - 1] = d[a].squareRoot() / zNorm
        }
        rotatedK = rotated
        if m == 1 {
            smallestNu = 1
        } else {
            let nPerp = RealMatrix(
                rows: m - 1, columns: m - 1, storage: reduced.map { Double($0) })
            smallestNu = Eigen.symmetric(nPerp).values.min()!
        }
    }

    /// The number of eigenvalues of -G below x > 0 (the zero mode included).
    func count(below x: Float80) -> Int {
        let m = termCount
        var below = 0
        var e = [Float80](repeating: 0, count: m * m)  // E(x), lower triangle
        for a in 0..<length {
            let difference = d[a] - x
            if difference < 0 { below += 1 }
            let inverse = 1 / difference
            for i in 0..<m {
                let ki = rotatedK[a * m + i] * inverse
                for j in 0...i { e[i * m + j] += ki * rotatedK[a * m + j] }
            }
        }
        var a = [Float80](repeating: 0, count: m * m)  // M(x), basis (Q_perp, z)
        for i in 0..<m {
            for j in 0...i {
                let value = -x * e[i * m + j] + (i < m - 1 ? reducedN[i * (m - 1) + j] : 0)
                a[i * m + j] = value
                a[j * m + i] = value
            }
        }
        var negative = 0
        for k in 0..<m {
            let pivot = a[k * m + k]
            precondition(pivot != 0, "x = \(x) is an eigenvalue of a leading block")
            if pivot < 0 { negative += 1 }
            for i in (k + 1)..<m {
                let factor = a[i * m + k] / pivot
                for j in (k + 1)..<m { a[i * m + j] -= factor * a[k * m + j] }
            }
        }
        return below + negative
    }

    /// The largest relative error of `rates` (the L - 1 nonzero-mode rates in any order)
    /// against the exact ones matched in ascending order, with the index (ascending) where
    /// it occurs. Each is first bracketed at relative `tolerance`, then bisected to
    /// tolerance / 2^12; a rate outside its bracket is bisected from 1e-3 (error 1 beyond).
    func worstRelativeError(
        _ rates: [Double], tolerance: Double
    )
        -> (error: Double, index: Int)
    {
        precondition(rates.count == length - 1)
        let sorted = rates.sorted()
        var worst = (error: 0.0, index: 0)
        for (i, rate) in sorted.enumerated() {
            // mu_k, k = i + 1 (the zero mode is mu_0), lies in [lo, hi) when
            // count(lo) <= k and count(hi) >= k + 1.
            let k = i + 1
            let brackets = [(tolerance, 12), (1e-3, 40)]
            let error =
                brackets.lazy.compactMap { width, steps -> Double? in
                    var lo = Float80(rate) * (1 - Float80(width))
                    var hi = Float80(rate) * (1 + Float80(width))
                    guard count(below: lo) <= k, count(below: hi) >= k + 1 else { return nil }
                    for _ in 0..<steps {
                        let middle = (lo + hi) / 2
                        if count(below: middle) >= k + 1 { hi = middle } else { lo = middle }
                    }
                    let mu = (lo + hi) / 2
                    return Double(abs(Float80(rate) - mu) / mu)
                }.first ?? 1
            if error > worst.error { worst = (error, i) }
        }
        return worst
    }
}
#endif
