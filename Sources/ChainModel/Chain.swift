import LinearAlgebra
/// One disorder realization of the Anderson chain with its noisy sites (paper eqs. 1-3, 9).
///
/// Single-particle Hamiltonian (open ends, real symmetric, tridiagonal):
/// `h[i][i+1] = h[i+1][i] = -J`, `h[i][i] = w_i`. Units: hbar = 1, energies in units of J
/// when J = 1. Sites are 0-based here; the CLI and files use 1-based sites.
///
/// Noise: white noise zeta_s of strength gamma_s on the density of each noisy site s,
/// <zeta_s(t) zeta_s'(t')> = gamma_s delta_ss' delta(t - t') (paper eq. 3, for several sites;
/// the dissipator is sum_s gamma_s (n_s rho n_s - {n_s, rho}/2)).
public struct Chain: Sendable, Equatable {
    /// Number of sites L.
    public let length: Int
    /// Hopping J.
    public let hopping: Double
    /// On-site potentials w_i, i = 0..<L.
    public let potentials: [Double]
    /// The noisy sites s, 0-based and distinct, in the order given (the order in which a
    /// trajectory draws its angles each step).
    public let noiseSites: [Int]
    /// gamma_s of each noisy site, in the order of `noiseSites`.
    public let gammas: [Double]

    public init(hopping: Double = 1, potentials: [Double], noiseSites: [Int], gammas: [Double]) {
        precondition(!potentials.isEmpty, "a chain needs at least one site")
        precondition(
            !noiseSites.isEmpty && noiseSites.count == gammas.count,
            "one gamma per noisy site, at least one site")
        precondition(
            noiseSites.allSatisfy { (0..<potentials.count).contains($0) }, "noise site out of range"
        )
        precondition(Set(noiseSites).count == noiseSites.count, "noise sites must be distinct")
        precondition(gammas.allSatisfy { $0.isFinite && $0 >= 0 }, "gamma must be non-negative")
        self.length = potentials.count
        self.hopping = hopping
        self.potentials = potentials
        self.noiseSites = noiseSites
        self.gammas = gammas
    }

    /// A chain with one noisy site k (0-based) of strength gamma.
    public init(hopping: Double = 1, potentials: [Double], noiseSite: Int, gamma: Double) {
        self.init(
            hopping: hopping, potentials: potentials, noiseSites: [noiseSite], gammas: [gamma])
    }

    /// Noise every `spacing` sites: sites l, 2l, ... of a chain of `length` (1-based), 0-based
    /// l - 1, 2l - 1, ... (`--noise-spacing`, figure 5d-5e, the rings of figure 5e).
    public static func sites(every spacing: Int, length: Int) -> [Int] {
        precondition(spacing >= 1)
        return Array(stride(from: spacing - 1, to: length, by: spacing))
    }

    /// A realization with potentials uniform in [-W, W], drawn from the counter-based stream
    /// `(seed, .disorder, realization)`: realization r is the same whatever else runs.
    public static func disordered(
        length: Int, hopping: Double = 1, disorder: Double, noiseSites: [Int], gammas: [Double],
        seed: UInt64, realization: Int
    ) -> Chain {
        var rng = CounterRNG(seed: seed, stream: .disorder, realization: realization)
        let w = (0..<length).map { _ in disorder * (2 * rng.nextUniform() - 1) }
        return Chain(hopping: hopping, potentials: w, noiseSites: noiseSites, gammas: gammas)
    }

    /// `disordered` with one noisy site k (0-based) of strength gamma.
    public static func disordered(
        length: Int, hopping: Double = 1, disorder: Double, noiseSite: Int, gamma: Double,
        seed: UInt64, realization: Int
    ) -> Chain {
        disordered(
            length: length, hopping: hopping, disorder: disorder, noiseSites: [noiseSite],
            gammas: [gamma],
            seed: seed, realization: realization)
    }

    /// g_i, the noise strength on site i (gamma_s on a noisy site, 0 on a quiet one), i = 0..<L.
    public var noiseStrengths: [Double] {
        var g = [Double](repeating: 0, count: length)
        for (s, gamma) in zip(noiseSites, gammas) { g[s] = gamma }
        return g
    }

    /// The largest dephasing rate of the closed equation, max over i != j of
    /// Gamma_ij = (g_i + g_j) / 2: half the sum of the two largest strengths.
    public var largestPairRate: Double {
        let g = noiseStrengths.sorted(by: >)
        return (g[0] + (g.count > 1 ? g[1] : 0)) / 2
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
        return Spectrum(energies: values, vectors: vectors, noiseSites: noiseSites)
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
