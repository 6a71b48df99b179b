import Foundation
import ChainModel
import LinearAlgebra

/// Entanglement entropy of a pure Gaussian (Slater) state (Peschel, paper eq. 15):
///     S = -sum_a [nu_a ln nu_a + (1 - nu_a) ln(1 - nu_a)],
/// nu_a the eigenvalues of rho_s restricted to the sites 0..<l (natural log).
///
/// With site orbitals Phi (L x N), rho_s restricted to A is (conj Phi_A)(Phi_A)^T, whose
/// nonzero eigenvalues are those of the N x N Gram matrix Phi_A^dag Phi_A; the smaller of the
/// two Hermitian matrices is diagonalised (`zheevd`). Eigenvalues outside [0, 1] by more than
/// `roundOff` are an error (thrown), not clamped; within it they are clamped.
public enum Peschel {
    public static let roundOff = 1e-10

    public struct OutOfRange: Error, CustomStringConvertible {
        public let value: Double
        public var description: String { "restricted rho_s eigenvalue \(value) outside [0, 1]" }
    }

    /// Entropy for the cut after `l` sites (1 <= l < L) of the Slater state with site
    /// orbitals (re, im), column n = orbital n.
    public static func entropy(re: RealMatrix, im: RealMatrix, cut l: Int) throws -> Double {
        try prefixEntropies(re: re, im: im, order: Array(0..<l), every: false)[0]
    }

    /// Entropies of every cut l = 1..<L, equal to `entropy(cut: l)` for each l, at a fraction
    /// of the cost: the matrices grow by one site per cut (one new column of the restricted
    /// rho_s while l <= N, a rank-one update of the N x N Gram matrix after), and cuts past
    /// L/2 use the complement (S_A = S_B for a pure state), so no matrix exceeds
    /// min(L/2, N) and building them costs O(L N^2) for the whole profile.
    public static func profile(re: RealMatrix, im: RealMatrix) throws -> [Double] {
        let l = re.rows, half = l / 2
        let left = try prefixEntropies(re: re, im: im, order: Array(0..<half))
        let right = try prefixEntropies(re: re, im: im, order: Array((half + 1..<l).reversed()))
        return left + (half + 1..<l).map { right[l - $0 - 1] }
    }

    /// S of the first k sites of `order`, for k = 1...order.count (`every`) or for
    /// k = order.count alone.
    package static func prefixEntropies(
        re: RealMatrix, im: RealMatrix, order: [Int], every: Bool = true
    ) throws -> [Double] {
        let n = re.columns
        // rho_s[i][j] on the first sites, upper triangle
        var restricted = ComplexMatrix(rows: n, columns: n)
        // sum over the sites of conj(phi_a) phi_b, upper triangle
        var gram = ComplexMatrix(rows: n, columns: n)
        var out: [Double] = []
        let needsGram = order.count > n  // the Gram matrix is used only for prefixes longer than N
        for (k, site) in order.enumerated() {
            for b in 0..<n where needsGram {
                for a in 0...b {
                    let ar = re[site, a], ai = im[site, a], br = re[site, b], bi = im[site, b]
                    gram.re[b * n + a] += ar * br + ai * bi
                    gram.im[b * n + a] += ar * bi - ai * br
                }
            }
            if k < n {
                for (i, other) in order[0...k].enumerated() {
                    var sr = 0.0, si = 0.0
                    for o in 0..<n {
                        let ar = re[other, o], ai = im[other, o], br = re[site, o], bi = im[site, o]
                        sr += ar * br + ai * bi
                        si += ar * bi - ai * br
                    }
                    restricted.re[k * n + i] = sr
                    restricted.im[k * n + i] = si
                }
            }
            guard every || k == order.count - 1 else { continue }
            if k < n {
                var block = ComplexMatrix(rows: k + 1, columns: k + 1)
                for j in 0...k {
                    for i in 0...j {
                        block.re[j * (k + 1) + i] = restricted.re[j * n + i]
                        block.im[j * (k + 1) + i] = restricted.im[j * n + i]
                    }
                }
                out.append(try entropy(eigenvalues: Eigen.hermitianValues(block)))
            } else {
                out.append(try entropy(eigenvalues: Eigen.hermitianValues(gram)))
            }
        }
        return out
    }

    /// The binary-entropy sum over occupation eigenvalues.
    public static func entropy(eigenvalues: [Double]) throws -> Double {
        var s = 0.0
        for v in eigenvalues {
            guard v >= -roundOff && v <= 1 + roundOff else { throw OutOfRange(value: v) }
            let x = min(max(v, 0), 1)
            if x > 0 && x < 1 { s -= x * log(x) + (1 - x) * log(1 - x) }
        }
        return s
    }
}
