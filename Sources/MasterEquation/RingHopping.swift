import Foundation
import ChainModel
import LinearAlgebra

/// The long-time diffusion constant of the classical master equation with microscopic rates
/// (paper eq. 20, Gamma_ab = sum_s c_s |phi_a(s)|^2 |phi_b(s)|^2, c_s = gamma_s) on a ring: the
/// hopping picture of noise on several sites, with the true eigenstates of the ring.
///
/// The ring is the chain's N sites closed by a bond of `chain.hopping` (as `RingDiffusion`'s).
/// A hop through noisy site s (the particle found at s, then in another eigenstate) moves the
/// walker from the centre of |phi_b|^2 to that of |phi_a|^2, both measured on the ring cut
/// opposite s (sites s - N/2 ..< s + N/2): the displacement of the hop on the infinite chain
/// made of copies of the ring, whatever the copy. `diffusionConstant(_:)` then gives D of that
/// infinite periodic network (width^2 = 2 D t), the classical counterpart of the closure's
/// `RingDiffusion`: with the same chain, the two are the quantum and the hopping D of the same
/// disorder, and on rings much longer than the states the closure's D / gamma tends to this
/// one's as gamma -> 0 (CrossChecks' `HoppingLimit`).
public struct RingHopping: Sendable {
    /// One noisy site's hops: Gamma^(s)_ab = c_s |phi_a(s)|^2 |phi_b(s)|^2 and their
    /// displacements d^(s)_ab.
    public struct Channel: Sendable {
        public let rates: RealMatrix
        public let displacements: RealMatrix

        public init(rates: RealMatrix, displacements: RealMatrix) {
            precondition(rates.rows == rates.columns && displacements.rows == rates.rows)
            self.rates = rates
            self.displacements = displacements
        }
    }

    /// One channel per noisy site.
    public let channels: [Channel]

    /// The ring of `chain` with prefactors c_s = `prefactors[s]` per noisy site (default
    /// gamma_s, `MasterSpec.Prefactor.standard`).
    public init(chain: Chain, prefactors: [Double]? = nil) {
        let n = chain.length
        precondition(n >= 3, "a ring of three or more sites")
        let c = prefactors ?? chain.gammas
        precondition(c.count == chain.noiseSites.count)
        var h = chain.hamiltonian
        h[0, n - 1] -= chain.hopping
        h[n - 1, 0] -= chain.hopping
        let phi = Eigen.symmetric(h).vectors
        channels = zip(chain.noiseSites, c).map { s, cs in
            // Centres with the ring cut opposite s: sites at s + m, m in [-N/2, N/2).
            let centres = (0..<n).map { a in
                var x = 0.0
                for m in -(n / 2)..<(n - n / 2) {
                    let i = ((s + m) % n + n) % n
                    x += Double(m) * phi[i, a] * phi[i, a]
                }
                return x
            }
            var rates = RealMatrix(rows: n, columns: n), d = RealMatrix(rows: n, columns: n)
            for a in 0..<n {
                for b in 0..<n where b != a {
                    rates[a, b] = cs * phi[s, a] * phi[s, a] * phi[s, b] * phi[s, b]
                    d[a, b] = centres[a] - centres[b]
                }
            }
            return Channel(rates: rates, displacements: d)
        }
    }

    /// D of the ring's walk.
    public func diffusionConstant() -> Double? { Self.diffusionConstant(channels) }

    /// D (width^2 = 2 D t) of the walk dp_a/dt = sum_b Gamma_ab (p_b - p_a),
    /// Gamma = sum_s Gamma^(s), on the periodic network whose hop b -> a through channel s
    /// moves the walker by d^(s)_ab, from its slowest Bloch mode p_a e^{ikx}:
    /// G(k)_ab = sum_s Gamma^(s)_ab e^{-ik d^(s)_ab} - delta_ab sum_c Gamma_ac has the
    /// eigenvalue lambda(k) = -D k^2 + O(k^4). Second-order perturbation theory about the
    /// uniform steady state gives, with G0 = G(0) and w_a = sum_s sum_b Gamma^(s)_ab d^(s)_ab
    /// (the mean drift out of a),
    ///     D = (1 / 2N) sum_s sum_ab Gamma^(s)_ab (d^(s)_ab - chi_a + chi_b)^2,   G0 chi = -w,
    /// the minimum over chi of that sum (chi is the corrector that removes the back-and-forth
    /// hops inside fast clusters). The sum of positive terms is used instead of the equal
    /// (1 / 2N) sum Gamma d^2 + (1 / N) w . G0^+ w, whose two terms cancel to the relative
    /// size of the slowest rates against the fastest; being a minimum, it is also insensitive
    /// (at second order) to the error of chi. The singular G0 (zero mode: the uniform vector)
    /// is solved as G0 - m 1 1^T, with m the largest |G0_aa| / N, which forces sum chi = 0 and
    /// changes nothing else (w sums to 0). Nil when that system is singular (rates that do not
    /// connect every state).
    public static func diffusionConstant(_ channels: [Channel]) -> Double? {
        let n = channels[0].rates.rows
        var g = RealMatrix(rows: n, columns: n)
        var w = [Double](repeating: 0, count: n)
        for channel in channels {
            for a in 0..<n {
                for b in 0..<n where b != a {
                    let rate = channel.rates[a, b]
                    g[a, b] += rate
                    g[a, a] -= rate
                    w[a] += rate * channel.displacements[a, b]
                }
            }
        }
        let shift = (0..<n).map { abs(g[$0, $0]) }.max()! / Double(n)
        guard shift > 0 else { return nil }
        for a in 0..<n { for b in 0..<n { g[a, b] -= shift } }
        guard let chi = g.solve(w.map { -$0 }), chi.allSatisfy(\.isFinite) else { return nil }
        var sum = 0.0
        for channel in channels {
            for a in 0..<n {
                for b in 0..<n where b != a {
                    let r = channel.displacements[a, b] - chi[a] + chi[b]
                    sum += channel.rates[a, b] * r * r
                }
            }
        }
        return sum / Double(2 * n)
    }
}
