import Testing
import ChainModel
import Execution
import Statistics

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
        let one = RealizationRunner.reduce(
            try RealizationRunner.run(realizations: Array(0..<17), threads: 1, body: body),
            dimension: 3)
        let three = RealizationRunner.reduce(
            try RealizationRunner.run(realizations: Array(0..<17), threads: 3, body: body),
            dimension: 3)
        var records: [RealizationRecord] = []
        for i in 1...3 {
            records += try RealizationRunner.run(
                realizations: RealizationRunner.shard(i, of: 3, realizations: 17), threads: 2,
                body: body)
        }
        let sharded = RealizationRunner.reduce(records, dimension: 3)
        #expect(one == three)
        #expect(one == sharded)
        #expect(one.disorder.count == 17)
    }
}
