import Formats

/// The file form of a comparison (`compare --output FILE.json`): the verdict, what it rests
/// on and what it could have seen.
extension ResultComparison {
    public static let schema = "anderson-noise/comparison/1"

    /// The comparison of the results at paths `a` and `b` as one JSON object, keys in this
    /// order:
    /// - `schema`, `a`, `b` (the paths as given), `mode` (`independent` or `same_seeds`);
    /// - `verdict`: `agree`, `disagree` or `inconclusive`; `inconclusive`: why (else null);
    ///   `problems`: what made it disagree besides the points (nothing comparable, ...);
    /// - `tolerance` (the relative round-off allowance), `confidence` (family-wise, else null),
    ///   `sigma` (a fixed z threshold, else null), `threshold` (the z threshold applied, null
    ///   without stochastic points), `degrees_of_freedom` (nu behind it, else null),
    ///   `stochastic_points`;
    /// - `compared` and `not_compared`: observable names;
    /// - `observables`: per compared observable, `observable`, `by` (`z` with standard errors,
    ///   `allowance` without), `detectable` (the smallest difference the test could detect:
    ///   threshold x combined standard error, median over its points; null for `allowance`),
    ///   `worst_measure` (its largest z or |a - b| / e) and `limit` (what that may reach);
    /// - `worst`: the worst points, worst first, each `observable`, `point` (its name, sites
    ///   1-based: ``PointName``), `time`, `a`, `b`, `by`, `measure`, `limit`.
    ///
    /// A number that is not finite (a value written as null, a difference where the scale is
    /// 0) is written null, as in every file of this project.
    public func json(a pathA: String, b pathB: String) -> JSONValue {
        func number(_ x: Double?) -> JSONValue { x.map(JSONValue.number) ?? .null }
        func by(_ z: Bool) -> JSONValue { .string(z ? "z" : "allowance") }
        var confidence: Double?
        if case .independent(let c) = mode, sigma == nil { confidence = c }
        let detectableOf = Dictionary(
            detectable.map { ($0.observable, $0.difference) }, uniquingKeysWith: { x, _ in x })
        var worstOf: [String: Point] = [:]
        for p in points where worstOf[p.observable].map({ p.severity > $0.severity }) ?? true {
            worstOf[p.observable] = p
        }
        let observables: [JSONValue] = compared.compactMap { name in
            guard let w = worstOf[name] else { return nil }
            return .object([
                ("observable", .string(name)), ("by", by(w.byZ)),
                ("detectable", number(detectableOf[name])), ("worst_measure", .number(w.measure)),
                ("limit", .number(w.limit)),
            ])
        }
        let worstPoints: [JSONValue] = worst.map { p in
            .object([
                ("observable", .string(p.observable)), ("point", .string(p.name)),
                ("time", .number(p.time)), ("a", .number(p.a)), ("b", .number(p.b)),
                ("by", by(p.byZ)), ("measure", .number(p.measure)), ("limit", .number(p.limit)),
            ])
        }
        return .object([
            ("schema", .string(Self.schema)), ("a", .string(pathA)), ("b", .string(pathB)),
            ("mode", .string(mode == .sameSeeds ? "same_seeds" : "independent")),
            ("verdict", .string(verdict.rawValue)),
            ("inconclusive", inconclusive.map(JSONValue.string) ?? .null),
            ("problems", .array(problems.map(JSONValue.string))),
            ("tolerance", .number(tolerance)), ("confidence", number(confidence)),
            ("sigma", number(sigma)), ("threshold", number(threshold)),
            ("degrees_of_freedom", number(degreesOfFreedom)),
            ("stochastic_points", .number(Double(stochasticPoints))),
            ("compared", .array(compared.map(JSONValue.string))),
            ("not_compared", .array(notCompared.map(JSONValue.string))),
            ("observables", .array(observables)), ("worst", .array(worstPoints)),
        ])
    }
}
