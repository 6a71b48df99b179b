import Foundation
import ChainModel
import LinearAlgebra

/// A second, independent estimate of lambda(W, E): the exponential decay of the exact
/// eigenstates of finite chains, away from their centres.
///
/// For each chain (L sites, potentials from the solvers' disorder stream (seed, r), so nothing
/// is shared with `LyapunovSampler`), the eigenpairs with energies in [E - delta, E + delta] come
/// from LAPACK (`dstevr`; which indices they have is the node count of `TransferMatrixProduct`).
/// For each such state, centre c = argmax of n(i) = sqrt(phi_i^2 + phi_{i+1}^2), and each tail
/// that fits in the chain contributes its mean decay rate between distances d1 and d2:
/// [ln n(c +- d1) - ln n(c +- d2)] / (d2 - d1). Far from the centre the tail of an eigenstate is
/// the growing solution of the transfer matrices read from the chain's end, so its rate is
/// lambda averaged over the window's density of states. The result is the mean over chains of
/// each chain's mean over tails, with the standard error from the spread over chains.
/// Choose d1 of a few xi (the tail near the centre is shaped by the eigenvalue condition) and
/// d2 such that e^(-d2 / xi) stays far above round-off (1e-16 of the peak).
public enum EigenstateDecay {
    public struct Estimate: Sendable {
        public let lyapunov: Double
        public let standardError: Double
        /// Tails used, over all chains.
        public let tails: Int
        /// Smallest n(c +- d2) / n(c) met: must stay far above 1e-16.
        public let smallestRatio: Double
    }

    public static func lyapunov(
        disorder: Double, energy: Double, halfWidth delta: Double, hopping: Double = 1, length: Int,
        chains: Int,
        seed: UInt64, near d1: Int, far d2: Int
    ) -> Estimate {
        precondition(d2 > d1 && d1 >= 0 && 2 * d2 + 2 < length && chains >= 2)
        var perChain: [Double] = []
        var tails = 0
        var smallest = 1.0
        for r in 0..<chains {
            let chain = Chain.disordered(
                length: length, hopping: hopping, disorder: disorder, noiseSite: 0, gamma: 0,
                seed: seed, realization: r)
            var count = TransferMatrixProduct(
                energies: [energy - delta, energy + delta], hopping: hopping,
                potentialBound: disorder)
            count.advance(potentials: chain.potentials)
            let below = count.negativeRatios
            guard below[1] > below[0] else { continue }
            let (_, vectors) = Eigen.symmetricTridiagonal(
                diagonal: chain.potentials,
                offDiagonal: [Double](repeating: -hopping, count: length - 1),
                indices: below[0]...(below[1] - 1))
            var rates: [Double] = []
            for a in 0..<vectors.columns {
                let phi = vectors.column(a)
                var norm = [Double](repeating: 0, count: length - 1)
                for i in norm.indices {
                    norm[i] = (phi[i] * phi[i] + phi[i + 1] * phi[i + 1]).squareRoot()
                }
                let c = norm.indices.max { norm[$0] < norm[$1] }!
                for side in [1, -1] {
                    let far = c + side * d2
                    guard far >= 0 && far < norm.count else { continue }
                    rates.append((log(norm[c + side * d1]) - log(norm[far])) / Double(d2 - d1))
                    smallest = min(smallest, norm[far] / norm[c])
                }
            }
            if rates.isEmpty { continue }
            tails += rates.count
            perChain.append(rates.reduce(0, +) / Double(rates.count))
        }
        let (mean, se) = LyapunovSamples.meanAndError(perChain)
        return Estimate(lyapunov: mean, standardError: se, tails: tails, smallestRatio: smallest)
    }
}
