import Foundation
import Testing
import ChainModel
import LinearAlgebra
import Propagation
import RunRecords
import TestSupport

@Suite struct FoundationTests {
    /// LAPACK's eigendecomposition of h reproduces h: V diag(lambda) V^T = h to round-off
    /// (1e-12 on entries of size ~1 for L <= 64).
    @Test(arguments: [2, 5, 17, 64])
    func spectrumReconstructsHamiltonian(length: Int) {
        let chain = TestSupport.randomChain(length: length, disorder: 2, noiseSite: length / 2, gamma: 1, seed: 7)
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
        #expect(worst < 1e-12)
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

    /// Gaussian draws have mean 0 and variance 1 within 5 standard errors (n = 200000:
    /// se(mean) = 0.0022, se(var) = sqrt(2/n) = 0.0032).
    @Test func gaussianMoments() {
        var rng = CounterRNG(seed: 11, stream: .test, realization: 0)
        var stats = RunningStatistics(dimension: 1)
        for _ in 0..<200_000 { stats.add([rng.nextGaussian()]) }
        #expect(abs(stats.mean[0]) < 5 * (1 / 200_000.0).squareRoot())
        #expect(abs(stats.variance[0] - 1) < 5 * (2 / 200_000.0).squareRoot())
    }

    /// Chan's merge of two halves equals one pass over all samples (to round-off).
    @Test func runningStatisticsMerge() {
        var rng = CounterRNG(seed: 3, stream: .test, realization: 1)
        let xs = (0..<101).map { _ in [rng.nextGaussian(), rng.nextUniform()] }
        var all = RunningStatistics(dimension: 2), a = RunningStatistics(dimension: 2), b = RunningStatistics(dimension: 2)
        for (n, x) in xs.enumerated() {
            all.add(x)
            if n < 40 { a.add(x) } else { b.add(x) }
        }
        a.merge(b)
        #expect(a.count == all.count)
        for i in 0..<2 {
            #expect(abs(a.mean[i] - all.mean[i]) < 1e-14)
            #expect(abs(a.variance[i] - all.variance[i]) < 1e-13)
        }
    }

    /// A random product state has exactly N particles.
    @Test func randomOccupationsHaveParticleNumber() {
        for r in 0..<20 {
            let occ = InitialState.randomOccupations(length: 13, particles: 6, seed: 9, realization: r)
            #expect(occ.reduce(0, +) == 6)
        }
    }

    /// JSON numbers round-trip bit for bit.
    @Test func jsonRoundTrip() throws {
        let xs = [0.1, 1.0 / 3.0, 1e-300, -2.5e17, 7]
        let text = JSONValue.object([("x", .numbers(xs))]).serialized()
        let back = try JSONValue.parse(Data(text.utf8))
        #expect(back["x"]?.flattenedNumbers == xs)
    }
}

@Suite struct RealizationRunnerTests {
    /// The reduction is bit-identical for 1 and 3 threads and for a 3-way shard split merged
    /// in canonical order (the reproducibility promise of run directories).
    @Test func reductionIsIndependentOfThreadsAndShards() throws {
        let body: @Sendable (Int) throws -> RunningStatistics = { r in
            var rng = CounterRNG(seed: 42, stream: .test, realization: r)
            var s = RunningStatistics(dimension: 3)
            for _ in 0..<5 { s.add([rng.nextGaussian(), rng.nextUniform(), Double(r)]) }
            return s
        }
        let one = RealizationRunner.reduce(try RealizationRunner.run(realizations: Array(0..<17), threads: 1, body: body), dimension: 3)
        let three = RealizationRunner.reduce(try RealizationRunner.run(realizations: Array(0..<17), threads: 3, body: body), dimension: 3)
        var records: [RealizationRecord] = []
        for i in 1...3 {
            records += try RealizationRunner.run(realizations: RealizationRunner.shard(i, of: 3, realizations: 17), threads: 2, body: body)
        }
        let sharded = RealizationRunner.reduce(records, dimension: 3)
        #expect(one == three)
        #expect(one == sharded)
        #expect(one.disorder.count == 17)
    }
}
