import Testing
@testable import AndersonNoise

/// `compare`'s decision rule on hand-made results whose answer is known.
@Suite struct ResultComparisonTests {
    static func result(_ values: [Double], stderr: [Double]? = nil) -> JSONValue {
        var observables: [(String, JSONValue)] = [("energy", .numbers(values))]
        if let stderr { observables.append(("energy_stderr", .numbers(stderr))) }
        return .object([
            ("schema", .string(SolverResult.schema)), ("solver", .string("trajectories")),
            ("times", .numbers([0, 1, 2])), ("observables", .object(observables)),
        ])
    }

    /// Stochastic series: a shift of 3 combined standard errors passes at 4 sigma and fails at
    /// 2; the score is |a - b| / sqrt(se_a^2 + se_b^2) when the round-off allowance is negligible.
    @Test func zScoreUsesBothStandardErrors() {
        let a = Self.result([1, 2, 3], stderr: [0.03, 0.04, 0.03])
        let b = Self.result([1, 2.15, 3], stderr: [0.03, 0.03, 0.03])
        let c = ResultComparison(a, b, tolerance: 1e-8, sigma: 4)
        #expect(c.agree)
        #expect(abs(c.worst[0].score - 3) < 1e-6, "0.15 / 0.05 = 3")
        #expect(!ResultComparison(a, b, tolerance: 1e-8, sigma: 2).agree)
    }

    /// Where both spreads are at round-off (a product state's entropy at t = 0), a difference
    /// within the deterministic allowance agrees, one far beyond it does not.
    @Test func roundOffAllowanceEntersInQuadrature() {
        let a = Self.result([1e-13, 1, 1], stderr: [1e-15, 0.1, 0.1])
        let close = Self.result([7e-13, 1, 1], stderr: [1e-15, 0.1, 0.1])
        let far = Self.result([1e-6, 1, 1], stderr: [1e-15, 0.1, 0.1])
        #expect(ResultComparison(a, close, tolerance: 1e-8, sigma: 4).agree)
        #expect(!ResultComparison(a, far, tolerance: 1e-8, sigma: 4).agree)
    }

    /// Deterministic series: |a - b| <= tolerance (1 + |b|).
    @Test func deterministicByTolerance() {
        let a = Self.result([1, 100, 3])
        #expect(ResultComparison(a, Self.result([1, 100 + 5e-7, 3]), tolerance: 1e-8, sigma: 4).agree)
        #expect(!ResultComparison(a, Self.result([1, 100 + 2e-6, 3]), tolerance: 1e-8, sigma: 4).agree)
        #expect(!ResultComparison(a, Self.result([1, .nan, 3]), tolerance: 1e-8, sigma: 4).agree)
    }
}
