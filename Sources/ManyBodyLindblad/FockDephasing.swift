import ChainModel
import LinearAlgebra
import Propagation
/// The dephasing of the many-body Lindblad equation in the Fock basis of one sector:
///     sum_s gamma_s (n_s rho n_s - {n_s, rho} / 2) = -D o rho,
///     D_ab = (1/2) sum_s gamma_s (n_s(a) - n_s(b))^2,
/// because every n_s is diagonal with entries 0/1 (paper eq. 4 with several noisy sites).
///
/// Stored per noisy site s: the occupations n_s(a) of the basis states as numbers (S x d, one
/// row per site) and gamma_s / 2, so the rate of a pair is S subtractions and multiply-adds
/// in SIMD lanes; nothing of size d^2 is stored. (For one site this is the arithmetic of the
/// single-site generator: gamma/2 (n(a) - n(b))^2.)
public struct FockDephasing: Sendable {
    /// n_s(a) for site s (row s), basis state a (column).
    public let occupations: [Double]
    /// gamma_s / 2.
    public let halfRates: [Double]
    public let dimension: Int

    public init(sector: FockSector, noiseSites: [Int], gammas: [Double]) {
        precondition(noiseSites.count == gammas.count)
        dimension = sector.dimension
        occupations = noiseSites.flatMap { s in
            sector.states.map { FockSector.isOccupied($0, s) ? 1.0 : 0 }
        }
        halfRates = gammas.map { $0 / 2 }
    }

    /// max_ab D_ab <= (1/2) sum_s gamma_s (every noisy site differing): the dissipator's share
    /// of the generator's norm bound.
    public var largestRate: Double { halfRates.reduce(0, +) }

    /// D_ab.
    public func rate(_ a: Int, _ b: Int) -> Double {
        occupations.withUnsafeBufferPointer { n in
            halfRates.withUnsafeBufferPointer { Self.rate(n.baseAddress!, $0, dimension, a, b) }
        }
    }

    /// D_ab from the occupation rows `n` (S x d) and the halved rates.
    @inline(__always)
    package static func rate(
        _ n: UnsafePointer<Double>, _ halfRates: UnsafeBufferPointer<Double>, _ d: Int, _ a: Int,
        _ b: Int
    ) -> Double {
        var damp = 0.0
        for s in 0..<halfRates.count {
            let dn = n[s * d + a] - n[s * d + b]
            damp += halfRates[s] * dn * dn
        }
        return damp
    }
}
