import Testing
import Agreement
import Statistics

/// The variance components of a two-level average (the preflight's planned standard error).
@Suite struct VarianceComponentsTests {
    /// The variance components and the planned variance by hand: blocks {1, 3}, {2, 6}, {0, 2}
    /// (M_p = 2) have within variances 2, 8, 2 (var_noise = 4) and means 2, 4, 1 (variance 7/3),
    /// so var_dis = 7/3 - 4/2 = 1/3 and a run of 10 x 8 has planned variance (1/3)/10 + 4/80;
    /// pooled as one chain the six values have variance 64/15, planned (64/15)/8. To round-off.
    @Test func varianceComponentsByHand() {
        let blocks = [[1.0, 3], [2, 6], [0, 2]].map { values -> RunningStatistics in
            var s = RunningStatistics(dimension: 1)
            for v in values { s.add([v]) }
            return s
        }
        let two = VarianceComponents(blocks: blocks, singleChain: false)
        #expect(abs(two.noise[0] - 4) < 1e-14 && abs(two.disorder[0] - 1.0 / 3) < 1e-14)
        #expect(
            abs(two.plannedVariance(realizations: 10, noise: 8)[0] - (1.0 / 30 + 4.0 / 80)) < 1e-14)
        #expect(abs(two.unitVariance(noise: 8)[0] - (1.0 / 3 + 0.5)) < 1e-14)
        let one = VarianceComponents(blocks: blocks, singleChain: true)
        #expect(abs(one.plannedVariance(realizations: 1, noise: 8)[0] - 64.0 / 15 / 8) < 1e-14)
    }
}
