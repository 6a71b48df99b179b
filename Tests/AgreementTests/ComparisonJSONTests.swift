import Foundation
import Testing
import ChainModel
import Agreement
import Formats

/// The file form of a verdict (`compare --output`): what the comparison decided, on what
/// threshold, with what power, and where it was worst, read back through the project's parser.
@Suite struct ComparisonJSONTests {
    // The comparisons' allowances (1e-12, 1e-8) only set which points fail; every expectation
    // below is exact: the file must hold the comparison's own numbers bit for bit, which the
    // writer's shortest round-trip numbers and the parser's correctly rounded reading give.
    static func written(_ c: ResultComparison) throws -> JSONValue {
        try JSONValue.parse(Data(c.json(a: "A/run", b: "B/result.json").serialized().utf8))
    }

    /// A shift of 50 standard errors with usable statistics: DISAGREE, with the threshold,
    /// nu = 99 (100 disorder realizations), the power and the worst point as the comparison
    /// has them (equal numbers: the writer prints shortest round-trip numbers).
    @Test func disagreementHoldsItsThresholdPowerAndWorstPoints() throws {
        let (a, b) = ComparisonPowerTests.pair(shift: 50, statistics: ComparisonPowerTests.good)
        let c = ResultComparison(a, b, tolerance: 1e-12)
        let j = try Self.written(c)
        #expect(j["schema"] == .string(ResultComparison.schema))
        #expect(j["a"] == .string("A/run") && j["b"] == .string("B/result.json"))
        #expect(j["verdict"] == .string("disagree") && j["inconclusive"] == .null)
        #expect(j["mode"] == .string("independent"))
        #expect(j["confidence"] == .number(0.999) && j["sigma"] == .null)
        #expect(j["threshold"] == .number(c.threshold!))
        #expect(j["degrees_of_freedom"] == .number(99))
        #expect(j["stochastic_points"] == .number(15))
        #expect(j["compared"] == .array([.string("energy")]))
        #expect(j["not_compared"] == .array([]))
        let energy = j["observables"]?.arrayValue?.first
        #expect(j["observables"]?.arrayValue?.count == 1)
        #expect(energy?["observable"] == .string("energy") && energy?["by"] == .string("z"))
        #expect(energy?["detectable"] == .number(c.detectable[0].difference))
        #expect(energy?["worst_measure"] == .number(c.worst[0].measure))
        #expect(energy?["limit"] == .number(c.threshold!))
        let worst = j["worst"]?.arrayValue ?? []
        #expect(worst.count == c.worst.count && worst.count == 8)
        for (w, p) in zip(worst, c.worst) {
            #expect(w["observable"] == .string("energy") && w["point"] == .string("energy"))
            #expect(w["time"] == .number(p.time) && w["a"] == .number(p.a))
            #expect(w["b"] == .number(p.b) && w["measure"] == .number(p.measure))
            #expect(w["limit"] == .number(p.limit) && w["by"] == .string("z"))
            #expect(p.measure > p.limit)
        }
    }

    /// Without statistics: INCONCLUSIVE with its reason; with a fixed --sigma, sigma is given
    /// and confidence is null.
    @Test func inconclusiveStatesWhyAndSigmaReplacesConfidence() throws {
        let (a, b) = ComparisonPowerTests.pair(shift: 50, statistics: nil)
        let c = ResultComparison(a, b, tolerance: 1e-12)
        let j = try Self.written(c)
        #expect(j["verdict"] == .string("inconclusive"))
        #expect(j["inconclusive"] == .string(c.inconclusive!))
        #expect(c.inconclusive!.contains("no usable sample count"))
        let (a2, b2) = ComparisonPowerTests.pair(
            shift: 0.5, statistics: ComparisonPowerTests.good)
        let fixed = try Self.written(ResultComparison(a2, b2, tolerance: 1e-12, sigma: 4))
        #expect(fixed["verdict"] == .string("agree"))
        #expect(fixed["sigma"] == .number(4) && fixed["confidence"] == .null)
        #expect(fixed["threshold"] == .number(4))
    }

    /// An observable without standard errors is compared by the allowance: no detectable
    /// difference, limit 1; a null value is written null, never a number.
    @Test func deterministicObservablesAndNonFiniteMeasures() throws {
        func file(_ x: [Double]) -> JSONValue {
            .object([
                ("schema", .string(SolverResult.schema)), ("solver", .string("closure")),
                ("times", .numbers([0, 1])), ("observables", .object([("energy", .numbers(x))])),
            ])
        }
        let c = ResultComparison(file([1, .nan]), file([1, 2]), tolerance: 1e-8)
        let j = try Self.written(c)
        #expect(j["verdict"] == .string("disagree"))
        #expect(j["threshold"] == .null && j["degrees_of_freedom"] == .null)
        let energy = j["observables"]?.arrayValue?.first
        #expect(energy?["by"] == .string("allowance") && energy?["detectable"] == .null)
        #expect(energy?["limit"] == .number(1) && energy?["worst_measure"] == .null)
        #expect(j["worst"]?.arrayValue?.first?["a"] == .null)
    }
}
