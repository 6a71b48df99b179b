import Testing
import ChainModel
import LinearAlgebra
import Agreement
import Formats
import Statistics
import TestSupport

/// `compare`'s decision rule on hand-made results whose answer is known.
@Suite struct ResultComparisonTests {
    static func result(
        _ values: [Double], stderr: [Double]? = nil, times: [Double]? = nil,
        realizations: Int = 100, name: String = "energy"
    ) -> JSONValue {
        var observables: [(String, JSONValue)] = [(name, .numbers(values))]
        if let stderr { observables.append((name + "_stderr", .numbers(stderr))) }
        return .object([
            ("schema", .string(SolverResult.schema)), ("solver", .string("trajectories")),
            ("times", .numbers(times ?? values.indices.map(Double.init))),
            ("observables", .object(observables)),
            (
                "statistics",
                .object([
                    ("disorder_realizations", .number(Double(realizations))),
                    ("noise_realizations", .number(10)),
                ])
            ),
        ])
    }

    /// The score of a stochastic point is |a - b| / sqrt(se_a^2 + se_b^2) when the round-off
    /// allowance is negligible; a fixed --sigma replaces the family-wise threshold.
    @Test func zScoreUsesBothStandardErrors() {
        let a = Self.result([1, 2, 3], stderr: [0.03, 0.04, 0.03])
        let b = Self.result([1, 2.15, 3], stderr: [0.03, 0.03, 0.03])
        #expect(
            abs(ResultComparison(a, b, tolerance: 1e-8).worst[0].measure - 3) < 1e-6,
            "0.15 / 0.05 = 3")
        #expect(ResultComparison(a, b, tolerance: 1e-8, sigma: 4).agree)
        #expect(!ResultComparison(a, b, tolerance: 1e-8, sigma: 2).agree)
    }

    /// Many pairs of correct independent results (Gaussian samples, R = 10 realizations each,
    /// 4300 points, the size of an L = 100 trajectories result): the family-wise rule must
    /// pass at least 99.9 % of them. Over 300 pairs the expected number of false alarms is at
    /// most 0.3; more than 3 has probability < 0.4 % under the rule's guarantee. The old fixed
    /// |z| <= 4 rule fails most of them (t tails with nu = 9), which this also shows.
    @Test func familyWiseThresholdHoldsItsConfidence() {
        let points = 4300, r = 10, trials = 300
        var rng = CounterRNG(seed: 11, stream: .test, realization: 0)
        func ensemble() -> JSONValue {
            var mean = [Double](), se = [Double]()
            for _ in 0..<points {
                var s = RunningStatistics(dimension: 1)
                for _ in 0..<r { s.add([rng.nextGaussian()]) }
                mean.append(s.mean[0])
                se.append(s.standardError![0])
            }
            return Self.result(mean, stderr: se, realizations: r)
        }
        var falseAlarms = 0, fixedRuleAlarms = 0
        for _ in 0..<trials {
            let a = ensemble(), b = ensemble()
            let c = ResultComparison(a, b, tolerance: 1e-8)
            if !c.agree { falseAlarms += 1 }
            if c.worst[0].measure > 4 { fixedRuleAlarms += 1 }
        }
        #expect(falseAlarms <= 3, "\(falseAlarms) of \(trials) correct pairs disagreed")
        #expect(
            fixedRuleAlarms > trials / 2,
            "a fixed |z| <= 4 should fail most pairs (nu = 9): \(fixedRuleAlarms)")
    }

    /// A real bias of 8 combined standard errors at one point among 4300 (nu = 99) is found.
    @Test func realBiasIsFound() {
        let n = 4300
        var shifted = [Double](repeating: 0, count: n)
        shifted[1234] = 8 * (2.0).squareRoot() * 0.01
        let a = Self.result(
            [Double](repeating: 0, count: n), stderr: [Double](repeating: 0.01, count: n))
        let b = Self.result(shifted, stderr: [Double](repeating: 0.01, count: n))
        let c = ResultComparison(a, b, tolerance: 1e-8)
        #expect(!c.agree)
        #expect(c.worst[0].index == 1234)
        #expect(
            abs(c.threshold! - 5.5565427) < 1e-6, "t_99 two-sided quantile at 1e-3 / 4300 (SciPy)")
    }

    /// Swapping a and b changes no score (the allowance uses max |x| of both files).
    @Test func symmetricInAAndB() {
        let a = Self.result([1, 100, 3]), b = Self.result([1, 100 + 9e-7, 3.00000001])
        let ab = ResultComparison(a, b, tolerance: 1e-8),
            ba = ResultComparison(b, a, tolerance: 1e-8)
        #expect(ab.agree == ba.agree)
        #expect(zip(ab.worst, ba.worst).allSatisfy { $0.measure == $1.measure })
    }

    /// Matrix observables carry standard errors of their own shape and are compared by z.
    @Test func matrixObservablesByZ() {
        let m = JSONValue.numbers([[[1.0, 0.5], [0.5, 1.0]]])
        let mb = JSONValue.numbers([[[1.0, 0.52], [0.5, 1.0]]])
        let se = JSONValue.numbers([[[0.01, 0.01], [0.01, 0.01]]])
        func file(_ x: JSONValue) -> JSONValue {
            .object([
                ("schema", .string(SolverResult.schema)), ("solver", .string("trajectories")),
                ("times", .numbers([1.0])),
                ("observables", .object([("nn", x), ("nn_stderr", se)])),
                ("statistics", .object([("disorder_realizations", .number(100))])),
            ])
        }
        let c = ResultComparison(file(m), file(mb), tolerance: 1e-8)
        #expect(c.stochasticPoints == 4)
        #expect(c.agree, "a difference of 0.02 is 1.4 combined standard errors")
    }

    /// Where both spreads are at round-off (a product state's entropy at t = 0), a difference
    /// within the deterministic allowance agrees, one far beyond it does not.
    @Test func roundOffAllowanceEntersInQuadrature() {
        let a = Self.result([1e-13, 1, 1], stderr: [1e-15, 0.1, 0.1])
        let close = Self.result([7e-13, 1, 1], stderr: [1e-15, 0.1, 0.1])
        let far = Self.result([1e-6, 1, 1], stderr: [1e-15, 0.1, 0.1])
        #expect(ResultComparison(a, close, tolerance: 1e-8).agree)
        #expect(!ResultComparison(a, far, tolerance: 1e-8).agree)
    }

    /// Deterministic series: |a - b| <= tolerance max |x|; a non-finite value never agrees;
    /// nothing comparable disagrees; values near 1e200 do not overflow the allowance.
    @Test func deterministicByTolerance() {
        let a = Self.result([1, 100, 3])
        #expect(ResultComparison(a, Self.result([1, 100 + 5e-7, 3]), tolerance: 1e-8).agree)
        #expect(!ResultComparison(a, Self.result([1, 100 + 2e-6, 3]), tolerance: 1e-8).agree)
        #expect(!ResultComparison(a, Self.result([1, .nan, 3]), tolerance: 1e-8).agree)
        let nulls = JSONValue.object([
            ("schema", .string(SolverResult.schema)), ("solver", .string("closure")),
            ("times", .numbers([0, 1])),
            ("observables", .object([("energy", .array([.null, .null]))])),
        ])
        #expect(!ResultComparison(nulls, nulls, tolerance: 1e-8).agree)
        #expect(
            !ResultComparison(
                Self.result([1], name: "energy"), Self.result([1], name: "trace"), tolerance: 1e-8
            ).agree)
        let huge = Self.result([1e200, 3e200], stderr: [1e198, 1e198])
        #expect(
            ResultComparison(
                huge, Self.result([1.001e200, 3e200], stderr: [1e198, 1e198]), tolerance: 1e-8
            ).agree)
        #expect(
            !ResultComparison(
                huge, Self.result([2e200, 3e200], stderr: [1e198, 1e198]), tolerance: 1e-8
            ).agree)
    }

    /// Same-seed mode: every number, standard errors included, to the allowance; a series
    /// scaled by 1 + 1e-6 fails at tolerance 1e-9, so does a changed standard error.
    @Test func sameSeedsComparesEveryNumber() {
        let a = Self.result([1, 2, 3], stderr: [0.1, 0.1, 0.1])
        #expect(ResultComparison(a, a, tolerance: 1e-9, mode: .sameSeeds).agree)
        #expect(
            !ResultComparison(
                a, Self.result([1, 2, 3 * (1 + 1e-6)], stderr: [0.1, 0.1, 0.1]), tolerance: 1e-9,
                mode: .sameSeeds
            ).agree)
        #expect(
            !ResultComparison(
                a, Self.result([1, 2, 3], stderr: [0.1, 0.1, 0.1000001]), tolerance: 1e-9,
                mode: .sameSeeds
            ).agree)
        #expect(
            !ResultComparison(
                a, Self.result([1, 2, 3], stderr: [0.1, 0.1, 0.1], realizations: 99),
                tolerance: 1e-9, mode: .sameSeeds
            ).agree)
    }
}
