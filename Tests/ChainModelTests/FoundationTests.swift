import Foundation
import Testing
import ChainModel
import LinearAlgebra
import Statistics
import TestSupport

@Suite struct FoundationTests {
    /// LAPACK's eigendecomposition of h reproduces h: V diag(lambda) V^T = h to round-off
    /// (1e-12 on entries of size ~1 for L <= 64).
    @Test(arguments: [2, 5, 17, 64])
    func spectrumReconstructsHamiltonian(length: Int) {
        let chain = TestSupport.randomChain(
            length: length, disorder: 2, noiseSite: length / 2, gamma: 1, seed: 7)
        let s = chain.spectrum()
        let h = chain.hamiltonian
        var worst = 0.0
        for i in 0..<length {
            for j in 0..<length {
                var x = 0.0
                for a in 0..<length { x += s.vectors[i, a] * s.energies[a] * s.vectors[j, a] }
                worst = max(worst, abs(x - h[i, j]))
            }
        }
        RoundOff.expect(
            worst, bound: 1e-12,
            why: .derived("dsyevd: p(L) eps ||h||, p = L = 64, ||h|| <= 4: 5.7e-14, x18"))
        #expect(zip(s.energies, s.energies.dropFirst()).allSatisfy { $0 <= $1 })
    }

    /// Streams are pure functions of (seed, kind, r, n) and distinct streams differ.
    @Test func counterStreamsAreReproducibleAndDistinct() {
        var a = CounterRNG(seed: 5, stream: .noise, realization: 3, noiseRealization: 2)
        var b = CounterRNG(seed: 5, stream: .noise, realization: 3, noiseRealization: 2)
        var c = CounterRNG(seed: 5, stream: .noise, realization: 3, noiseRealization: 1)
        let xa = (0..<10).map { _ in a.next() }
        #expect(xa == (0..<10).map { _ in b.next() })
        #expect(xa != (0..<10).map { _ in c.next() })
    }

    /// Gaussian draws have mean 0 and variance 1 within the family-wise threshold of two
    /// points at the suite's per-test budget (`StatisticalBudget`: 4.2 standard errors; n =
    /// 200000: se(mean) = 0.0022, se(var) = sqrt(2/n) = 0.0032), so a bias of 0.01 in the mean
    /// or 0.015 in the variance is detected.
    @Test func gaussianMoments() {
        var rng = CounterRNG(seed: 11, stream: .test, realization: 0)
        var stats = RunningStatistics(dimension: 1)
        for _ in 0..<200_000 { stats.add([rng.nextGaussian()]) }
        let k = StatisticalBudget.threshold(points: 2)
        #expect(abs(stats.mean[0]) < k * (1 / 200_000.0).squareRoot())
        #expect(abs(stats.variance[0] - 1) < k * (2 / 200_000.0).squareRoot())
    }

    /// A random product state has exactly N particles.
    @Test func randomOccupationsHaveParticleNumber() {
        for r in 0..<20 {
            let occ = InitialState.randomOccupations(
                length: 13, particles: 6, seed: 9, realization: r)
            #expect(occ.reduce(0, +) == 6)
        }
    }
}
