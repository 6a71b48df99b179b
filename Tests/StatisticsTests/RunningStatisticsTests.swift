import Testing
import ChainModel
import Statistics

@Suite struct RunningStatisticsTests {
    /// Chan's merge of two halves equals one pass over all samples (to round-off).
    @Test func runningStatisticsMerge() {
        var rng = CounterRNG(seed: 3, stream: .test, realization: 1)
        let xs = (0..<101).map { _ in [rng.nextGaussian(), rng.nextUniform()] }
        var all = RunningStatistics(dimension: 2), a = RunningStatistics(dimension: 2),
            b = RunningStatistics(dimension: 2)
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
}
