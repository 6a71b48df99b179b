import Foundation

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
        let n = re.columns
        var m: ComplexMatrix
        if n <= l {
            m = ComplexMatrix(rows: n, columns: n)  // Phi_A^dag Phi_A
            for b in 0..<n {
                for a in 0...b {
                    var sr = 0.0, si = 0.0
                    for i in 0..<l {
                        let ar = re[i, a], ai = im[i, a], br = re[i, b], bi = im[i, b]
                        sr += ar * br + ai * bi
                        si += ar * bi - ai * br
                    }
                    m.re[b * n + a] = sr
                    m.im[b * n + a] = si
                }
            }
        } else {
            m = ComplexMatrix(rows: l, columns: l)  // rho_s restricted: sum_n conj(Phi_in) Phi_jn
            for j in 0..<l {
                for i in 0...j {
                    var sr = 0.0, si = 0.0
                    for o in 0..<n {
                        let ar = re[i, o], ai = im[i, o], br = re[j, o], bi = im[j, o]
                        sr += ar * br + ai * bi
                        si += ar * bi - ai * br
                    }
                    m.re[j * l + i] = sr
                    m.im[j * l + i] = si
                }
            }
        }
        return try entropy(eigenvalues: Eigen.hermitianValues(m))
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
