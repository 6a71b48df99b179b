import Testing
import Statistics

/// Student's t, behind the family-wise thresholds of `ResultComparison`.
@Suite struct StudentTTests {
    /// Quantiles of Student's t against SciPy 1.17 (`scipy.stats.t.isf(p / 2, nu)`): two-sided
    /// 5 % at nu = 1: 12.7062047, nu = 10: 2.2281389, normal: 1.9599640; two-sided 1e-6 at
    /// nu = 99: 5.2171642; 1e-3 / 4300 at nu = 9: 13.7976490. To 1e-6 (the bisection stops
    /// at 1e-12 relative; the continued fraction converges to 1e-15).
    @Test func studentQuantiles() {
        #expect(abs(StudentT.twoSidedQuantile(0.05, degreesOfFreedom: 1) - 12.7062047) < 1e-6)
        #expect(abs(StudentT.twoSidedQuantile(0.05, degreesOfFreedom: 10) - 2.2281389) < 1e-6)
        #expect(abs(StudentT.twoSidedQuantile(0.05, degreesOfFreedom: 1e9) - 1.9599640) < 1e-6)
        #expect(abs(StudentT.twoSidedTail(2.2281389, degreesOfFreedom: 10) - 0.05) < 1e-8)
        #expect(abs(StudentT.twoSidedQuantile(1e-6, degreesOfFreedom: 99) - 5.2171642) < 1e-6)
        #expect(
            abs(StudentT.twoSidedQuantile(1e-3 / 4300, degreesOfFreedom: 9) - 13.7976490) < 1e-6)
    }
}
