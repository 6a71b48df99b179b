import Foundation
import ChainModel
import RunSpecification
import Formats
import Agreement

/// `check`: a result of someone else's code (`CheckTable`) against the reference this
/// project computes for the physics it claims (`ReferenceResult`), by the same statistics of
/// agreement as `compare` (`ResultComparison`, mode independent): the submitted file is put
/// in the result form `compare` reads, with the claimed parameters and its sample counts, so
/// check and compare share one test.
///
/// With standard errors the test is family-wise (Student-t quantile at (1 - confidence) / n
/// for n points, nu from the sample counts; INCONCLUSIVE when nu < 3) and says the smallest
/// difference it could detect; without, every point must agree to e = tolerance x the
/// observable's largest |value| in both results.
public struct CodeCheck: Sendable {
    /// Default relative allowance of a deterministic comparison: a careful double-precision
    /// code (an ODE solver at rtol 1e-8, an exponential to round-off) meets it with margin,
    /// and the reference's own error (1e-12) is far below it; a physics error (a wrong rate,
    /// a shifted site, a missing factor) is orders of magnitude larger.
    public static let defaultTolerance = 1e-6

    /// The submitted result in the result form (a result.json) and the reference's.
    public let submitted: JSONValue
    public let reference: JSONValue
    public let method: CheckReference.Method
    public let comparison: ResultComparison

    /// Per observable: its worst point, the measure there and what it may reach, and the
    /// smallest difference the test could detect (stochastic observables).
    public struct Row: Sendable {
        public let observable: String
        public let worst: ResultComparison.Point
        public let detectable: Double?
    }

    public var rows: [Row] {
        comparison.compared.compactMap { name in
            let mine = comparison.points.filter { $0.observable == name }
            guard let worst = mine.max(by: { $0.severity < $1.severity }) else { return nil }
            return Row(
                observable: name, worst: worst,
                detectable: comparison.detectable.first { $0.observable == name }?.difference)
        }
    }

    /// Checks `table` against the physics of `spec` (its chain and initial state; the times
    /// are the table's), with the table's standard errors resting on `samples`.
    public init(
        table: CheckTable, spec: RunSpec, against: CheckReference, samples: SampleCounts?,
        tolerance: Double = defaultTolerance, confidence: Double = 0.999, threads: Int = 1
    ) throws {
        try Self.validate(table: table, spec: spec, against: against, samples: samples)
        var run = spec
        run.times = table.times
        let names = table.observables.names.filter { !Observable.isStderrKey($0) }
        let wanted = names.compactMap(Observable.init(rawValue:))
        let (computed, method) = try ReferenceResult.observables(
            spec: run, observables: wanted, against: against, threads: threads)
        self.method = method
        var kept = Observables()
        for name in names { kept[name] = computed[name] }
        run.solver = against.solver(method)
        let parameters = JSONValue.object(run.parameters)
        func result(_ observables: Observables, _ counts: SampleCounts?) -> JSONValue {
            var statistics: [(String, JSONValue)] = []
            if let c = counts {
                statistics.append(
                    ("disorder_realizations", .number(Double(c.disorderRealizations))))
                if let m = c.noiseRealizations {
                    statistics.append(("noise_realizations", .number(Double(m))))
                }
            }
            return .object([
                ("schema", .string(SolverResult.schema)),
                ("solver", .string(run.solver.name.rawValue)), ("parameters", parameters),
                ("times", .numbers(table.times)), ("observables", observables.json),
                ("statistics", .object(statistics)),
            ])
        }
        submitted = result(table.observables, table.hasStandardErrors ? samples : nil)
        reference = result(
            kept,
            SampleCounts(disorderRealizations: run.chain.realizations, noiseRealizations: nil))
        comparison = ResultComparison(
            submitted, reference, tolerance: tolerance, mode: .independent(confidence: confidence))
    }

    /// Refuses a table that cannot be checked against `spec`, naming the column or option:
    /// vectors not of L components, transport or populations without an excitation, standard
    /// errors without sample counts (or counts without standard errors), times off the
    /// scheme's grid.
    public static func validate(
        table: CheckTable, spec: RunSpec, against: CheckReference, samples: SampleCounts?
    ) throws {
        let l = spec.chain.length
        for (name, series) in table.observables.entries {
            guard let observable = Observable(fileKey: name) else { continue }
            if case .vector(let x) = series, x.first?.count != l {
                throw InputError(
                    option: "column", value: "\(name)[1...\(x.first?.count ?? 0)]",
                    allowed: "one column per site: \(name)[1] ... \(name)[\(l)] (L = \(l))")
            }
            if observable.isTransport || observable == .populations, !spec.initial.isExcitation {
                throw InputError(
                    option: "column", value: name,
                    allowed: "only for --initial excitation (a density excitation's spreading)")
            }
        }
        if table.hasStandardErrors && samples == nil {
            throw InputError(
                option: "samples", value: "absent",
                allowed: "required with _stderr columns: the number of independent samples "
                    + "behind them (or --realizations R --noise-realizations M)")
        }
        if !table.hasStandardErrors, samples != nil {
            throw InputError(
                option: "samples", value: "given",
                allowed: "only with _stderr columns (without them the comparison is "
                    + "deterministic, at --tolerance)")
        }
        try samples?.validate()
        if case .scheme(_, let dt) = against {
            for (n, t) in table.times.enumerated() {
                let k = (t / dt).rounded()
                guard abs(k * dt - t) <= 1e-9 * max(1, t) else {
                    throw InputError(
                        option: "time", value: "\(t) (data row \(n + 1))",
                        allowed: "a multiple of --dt \(dt): the scheme outputs only there")
                }
            }
        }
    }
}
