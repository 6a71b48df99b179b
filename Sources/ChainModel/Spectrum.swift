import LinearAlgebra
/// Eigenbasis of the single-particle Hamiltonian: h = V diag(energies) V^T.
///
/// Column a of `vectors` is the eigenstate phi_a (ascending energies), phi_a(i) = V[i, a].
public struct Spectrum: Sendable {
    public let energies: [Double]
    public let vectors: RealMatrix
    /// p_s = V^T e_s for each noisy site s, in the chain's order: the projector on site s is
    /// p_s p_s^T in the eigenbasis. The p_s are orthonormal (rows of the orthogonal V).
    public let noiseAmplitudes: [[Double]]

    public init(energies: [Double], vectors: RealMatrix, noiseSites: [Int]) {
        self.energies = energies
        self.vectors = vectors
        self.noiseAmplitudes = noiseSites.map { vectors.row($0) }
    }

    public var count: Int { energies.count }

    /// The Slater matrix of the N lowest orbitals, sum_{a<N} phi_a(i) phi_a(j) (paper eq. 14):
    /// rho_s of the N-particle ground state (real, so both conventions agree).
    public func groundStateDensityMatrix(particles: Int) -> RealMatrix {
        let l = count
        var g = RealMatrix(rows: l, columns: l)
        for a in 0..<particles {
            let phi = vectors.column(a)
            for j in 0..<l {
                for i in 0..<l { g[i, j] += phi[i] * phi[j] }
            }
        }
        return g
    }

    /// Centre of each eigenstate, sum_i i |phi_a(i)|^2, with 0-based sites.
    public var centres: [Double] {
        (0..<count).map { a in
            var c = 0.0
            for i in 0..<count { c += Double(i) * vectors[i, a] * vectors[i, a] }
            return c
        }
    }
}
