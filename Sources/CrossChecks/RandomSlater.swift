import Foundation
import ChainModel
import LinearAlgebra
import Propagation
import ManyBodyLindblad
import NoiseClosure
import Trajectories
import MasterEquation
import Statistics
import Execution
import Formats
import Agreement

/// Haar-random Slater determinants: N orthonormal orbitals drawn uniformly (the first N
/// columns of a Haar unitary, from Gram-Schmidt of complex Gaussian vectors, which is
/// equivalent to QR with the phase correction). Their mean half-cut entropy per site is the
/// infinite-temperature reference for the trajectories' entanglement (about 0.1971 at L = 8,
/// 0.1950 at L = 12, approaching 0.1931, Lydzba-Rigol-Vidmar; not the paper's (1/4) ln 2).
public enum RandomSlater {
    /// Site orbitals of one random Slater determinant.
    public static func orbitals(
        length l: Int, particles n: Int, rng: inout CounterRNG
    ) -> (re: RealMatrix, im: RealMatrix) {
        var re = RealMatrix(rows: l, columns: n), im = RealMatrix(rows: l, columns: n)
        for c in 0..<n {
            for i in 0..<l {
                re[i, c] = rng.nextGaussian()
                im[i, c] = rng.nextGaussian()
            }
            for _ in 0..<2 {  // Gram-Schmidt, twice for stability
                for d in 0..<c {
                    var sr = 0.0, si = 0.0  // <d|c>
                    for i in 0..<l {
                        sr += re[i, d] * re[i, c] + im[i, d] * im[i, c]
                        si += re[i, d] * im[i, c] - im[i, d] * re[i, c]
                    }
                    for i in 0..<l {
                        re[i, c] -= sr * re[i, d] - si * im[i, d]
                        im[i, c] -= sr * im[i, d] + si * re[i, d]
                    }
                }
            }
            var norm = 0.0
            for i in 0..<l { norm += re[i, c] * re[i, c] + im[i, c] * im[i, c] }
            norm = norm.squareRoot()
            for i in 0..<l {
                re[i, c] /= norm
                im[i, c] /= norm
            }
        }
        return (re, im)
    }

    /// Mean and standard error of S/L at the half cut over `samples` random determinants.
    public static func halfCutEntropyPerSite(
        length l: Int, particles n: Int, samples: Int, seed: UInt64
    ) throws -> (mean: Double, standardError: Double) {
        var stats = RunningStatistics(dimension: 1)
        for s in 0..<samples {
            var rng = CounterRNG(seed: seed, stream: .test, realization: s)
            let (re, im) = orbitals(length: l, particles: n, rng: &rng)
            stats.add([try Peschel.entropy(re: re, im: im, cut: l / 2) / Double(l)])
        }
        return (stats.mean[0], stats.standardError?[0] ?? .nan)
    }
}
