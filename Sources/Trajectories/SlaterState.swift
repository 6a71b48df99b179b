import ChainModel
import LinearAlgebra
/// A pure Slater determinant of N orbitals on L sites, stored in the eigenbasis of h as an
/// L x N complex matrix with split real and imaginary parts, one orbital per contiguous
/// column: psi_n(a) = re[n * L + a] + i im[n * L + a], a an eigenstate index.
///
/// A trajectory stays a Slater determinant (the stochastic propagator is quadratic, paper
/// eqs. 8, 10), so the orbitals, not the L x L matrix, are propagated.
public struct SlaterState: Sendable {
    public let length: Int
    public let orbitals: Int
    public var re: [Double]
    public var im: [Double]

    public init(length: Int, orbitals: Int) {
        self.length = length
        self.orbitals = orbitals
        re = [Double](repeating: 0, count: length * orbitals)
        im = re
    }

    /// The initial state in the eigenbasis: `ground` = the first N eigenvectors (identity
    /// columns), `product` = V^T e_j for the occupied sites j, `excitation` = V^T e_j.
    public init(initial: InitialState, spectrum: Spectrum) {
        let l = spectrum.count
        switch initial {
        case .ground(let n):
            self.init(length: l, orbitals: n)
            for a in 0..<n { re[a * l + a] = 1 }
        case .product(let occ):
            let sites = occ.indices.filter { occ[$0] == 1 }
            self.init(length: l, orbitals: sites.count)
            for (n, j) in sites.enumerated() {
                for a in 0..<l { re[n * l + a] = spectrum.vectors[j, a] }
            }
        case .excitation(let j):
            self.init(length: l, orbitals: 1)
            for a in 0..<l { re[a] = spectrum.vectors[j, a] }
        }
    }

    /// The orbitals in the site basis, Phi = V Psi (real V, two `dgemm`).
    public func siteOrbitals(_ spectrum: Spectrum) -> (re: RealMatrix, im: RealMatrix) {
        let v = spectrum.vectors
        return (
            BLAS.multiply(v, RealMatrix(rows: length, columns: orbitals, storage: re)),
            BLAS.multiply(v, RealMatrix(rows: length, columns: orbitals, storage: im))
        )
    }

    /// Largest |(Psi^dag Psi - I)_mn|: the orbitals stay orthonormal under unitary steps, so
    /// the particle number is exact per trajectory.
    public var orthonormalityDefect: Double {
        let l = length
        var worst = 0.0
        for m in 0..<orbitals {
            for n in m..<orbitals {
                var sr = 0.0, si = 0.0
                for a in 0..<l {
                    sr += re[m * l + a] * re[n * l + a] + im[m * l + a] * im[n * l + a]
                    si += re[m * l + a] * im[n * l + a] - im[m * l + a] * re[n * l + a]
                }
                worst = max(
                    worst,
                    ((sr - (m == n ? 1 : 0)) * (sr - (m == n ? 1 : 0)) + si * si).squareRoot())
            }
        }
        return worst
    }

    /// Modified Gram-Schmidt on the orbitals (O(L N^2)): each orbital loses its components
    /// along the earlier ones and is normalised. Used only to remove round-off (see
    /// `SchemeStepper.advance`): the span, and with it every observable, is unchanged.
    public mutating func reorthonormalize() {
        let l = length
        for n in 0..<orbitals {
            for m in 0..<n {
                var cr = 0.0, ci = 0.0  // <psi_m, psi_n>
                for a in 0..<l {
                    cr += re[m * l + a] * re[n * l + a] + im[m * l + a] * im[n * l + a]
                    ci += re[m * l + a] * im[n * l + a] - im[m * l + a] * re[n * l + a]
                }
                for a in 0..<l {
                    let xr = re[m * l + a], xi = im[m * l + a]
                    re[n * l + a] -= cr * xr - ci * xi
                    im[n * l + a] -= cr * xi + ci * xr
                }
            }
            var norm = 0.0
            for a in 0..<l { norm += re[n * l + a] * re[n * l + a] + im[n * l + a] * im[n * l + a] }
            let scale = 1 / norm.squareRoot()
            for a in 0..<l {
                re[n * l + a] *= scale
                im[n * l + a] *= scale
            }
        }
    }
}
