import Testing
import ChainModel
import LinearAlgebra
import Agreement
import Formats
import Statistics

/// A comparison says AGREE only where it could have seen a difference: a side with standard
/// errors must say how many samples made them (whole numbers, nu >= 3), and the comparison
/// states the smallest difference it could detect.
@Suite struct ComparisonPowerTests {
    /// An exact series and a sampled one of 15 times, the sampled one shifted by `shift` of
    /// its own standard errors; `statistics` as the sampled file records it (nil: absent).
    static func pair(shift: Double, statistics: [(String, Double)]?) -> (JSONValue, JSONValue) {
        let times = (0..<15).map(Double.init)
        let exact = times.map { 1 + 0.1 * $0 }
        let se = times.map { 0.01 + 0.001 * $0 }
        func result(
            _ values: [Double], stderr: [Double]?, statistics: [(String, Double)]?
        )
            -> JSONValue
        {
            var observables: [(String, JSONValue)] = [("energy", .numbers(values))]
            if let stderr { observables.append(("energy_stderr", .numbers(stderr))) }
            var pairs: [(String, JSONValue)] = [
                ("schema", .string(SolverResult.schema)), ("solver", .string("trajectories")),
                ("times", .numbers(times)), ("observables", .object(observables)),
            ]
            if let statistics {
                pairs.append(("statistics", .object(statistics.map { ($0.0, .number($0.1)) })))
            }
            return .object(pairs)
        }
        let sampled = zip(exact, se).map { $0 + shift * $1 }
        return (
            result(sampled, stderr: se, statistics: statistics),
            result(exact, stderr: nil, statistics: [("disorder_realizations", 1)])
        )
    }

    static let good = [("disorder_realizations", 100.0), ("noise_realizations", 10.0)]

    @Test func shiftOfFiftyStandardErrorsIsNeverAgree() {
        let statistics: [[(String, Double)]?] = [
            Self.good, nil, [("disorder_realizations", 2.5)],
            [("disorder_realizations", 1), ("noise_realizations", 2)],
            [("disorder_realizations", 3)], [("noise_realizations", -4)],
        ]
        for s in statistics {
            let (a, b) = Self.pair(shift: 50, statistics: s)
            let c = ResultComparison(a, b, tolerance: 1e-12)
            #expect(!c.agree, "\(String(describing: s))")
            let wellFounded = s.map {
                $0.map(\.0) == Self.good.map(\.0) && $0.map(\.1) == Self.good.map(\.1)
            }
            #expect(c.verdict == (wellFounded == true ? .disagree : .inconclusive))
        }
    }

    @Test func unshiftedAgreesAndStatesItsPower() {
        let (exactA, exactB) = Self.pair(shift: 0, statistics: Self.good)
        #expect(ResultComparison(exactA, exactB, tolerance: 1e-12).verdict == .agree)
        let (a, b) = Self.pair(shift: 0.5, statistics: Self.good)
        let c = ResultComparison(a, b, tolerance: 1e-12)
        #expect(c.verdict == .agree)
        // The smallest detectable difference: k times the median combined standard error, the
        // median of 0.010...0.024 being 0.017. To 1e-9: sqrt(se^2 + e^2) with the allowance
        // e = 1e-12 max|x| < 3e-12 differs from se by e^2 / (2 se) < 1e-21, and k * 0.017 ~ 0.1
        // carries round-off of order 1e-17; 1e-9 still sees any other median or threshold.
        let k = ResultComparison.familyThreshold(
            points: 15, confidence: 0.999, degreesOfFreedom: 99)
        #expect(c.detectable.count == 1 && c.detectable[0].observable == "energy")
        #expect(abs(c.detectable[0].difference - k * 0.017) < 1e-9)
        // The same pair is caught once the shift exceeds what the test can detect.
        let (a2, b2) = Self.pair(shift: 1.5 * k, statistics: Self.good)
        #expect(ResultComparison(a2, b2, tolerance: 1e-12).verdict == .disagree)
    }
}
