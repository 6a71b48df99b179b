/// One disorder realization of the Anderson chain with a noisy site (paper eqs. 1-3, 9).
///
/// Single-particle Hamiltonian (open ends, real symmetric, tridiagonal):
/// `h[i][i+1] = h[i+1][i] = -J`, `h[i][i] = w_i`. Units: hbar = 1, energies in units of J
/// when J = 1. Sites are 0-based here; the CLI and files use 1-based sites.
public struct Chain: Sendable, Equatable {
    /// Number of sites L.
    public let length: Int
    /// Hopping J.
    public let hopping: Double
    /// On-site potentials w_i, i = 0..<L.
    public let potentials: [Double]
    /// Noisy site k, 0-based.
    public let noiseSite: Int
    /// Noise strength gamma: <zeta(t) zeta(t')> = gamma delta(t - t') (paper eq. 3).
    public let gamma: Double

    public init(hopping: Double = 1, potentials: [Double], noiseSite: Int, gamma: Double) {
        precondition(!potentials.isEmpty, "a chain needs at least one site")
        precondition((0..<potentials.count).contains(noiseSite), "noise site out of range")
        precondition(gamma >= 0, "gamma must be non-negative")
        self.length = potentials.count
        self.hopping = hopping
        self.potentials = potentials
        self.noiseSite = noiseSite
        self.gamma = gamma
    }

    /// A realization with potentials uniform in [-W, W], drawn from the counter-based stream
    /// `(seed, .disorder, realization)`: realization r is the same whatever else runs.
    public static func disordered(
        length: Int, hopping: Double = 1, disorder: Double, noiseSite: Int, gamma: Double,
        seed: UInt64, realization: Int
    ) -> Chain {
        var rng = CounterRNG(seed: seed, stream: .disorder, realization: realization)
        let w = (0..<length).map { _ in disorder * (2 * rng.nextUniform() - 1) }
        return Chain(hopping: hopping, potentials: w, noiseSite: noiseSite, gamma: gamma)
    }

    /// h as a dense matrix.
    public var hamiltonian: RealMatrix {
        var h = RealMatrix(rows: length, columns: length)
        for i in 0..<length {
            h[i, i] = potentials[i]
            if i + 1 < length {
                h[i, i + 1] = -hopping
                h[i + 1, i] = -hopping
            }
        }
        return h
    }

    /// Eigendecomposition of h (LAPACK `dstevd`).
    public func spectrum() -> Spectrum {
        let (values, vectors) = Eigen.symmetricTridiagonal(
            diagonal: potentials, offDiagonal: [Double](repeating: -hopping, count: length - 1))
        return Spectrum(energies: values, vectors: vectors, noiseSite: noiseSite)
    }

    /// Infinite-temperature energy of N particles, (N / L) sum_i w_i (paper eq. 13 at N = L/2).
    public func infiniteTemperatureEnergy(particles: Int) -> Double {
        Double(particles) / Double(length) * potentials.reduce(0, +)
    }

    /// Tr(h^T X) = sum_ij h_ij X_ij for a complex matrix X given in split storage: the energy
    /// eps = Tr(rho H_A) when X = rho_s (paper eq. 12). Real part returned (it is real for
    /// Hermitian X).
    public func energy(of rhoS: ComplexMatrix) -> Double {
        var e = 0.0
        for i in 0..<length {
            e += potentials[i] * rhoS.re[i * length + i]
            if i + 1 < length {
                e -= hopping * (rhoS.re[(i + 1) * length + i] + rhoS.re[i * length + i + 1])
            }
        }
        return e
    }
}
