import Foundation

/// What identifies an ensemble run (the manifest's `identity`): solver, parameters, times,
/// observable layout and noise realizations. Two run directories can be resumed or merged
/// only when their identities are equal; the result is rebuilt from the identity and the
/// records alone, so a merge needs no solver.
public struct EnsembleIdentity: Sendable {
    public var solver: String
    public var parameters: [(String, JSONValue)]
    public var times: [Double]
    public var layout: ObservableLayout
    public var noiseRealizations: Int?
    /// Total number of disorder realizations of the whole run (all shards).
    public var realizations: Int

    public init(
        solver: String, parameters: [(String, JSONValue)], times: [Double], layout: ObservableLayout,
        noiseRealizations: Int?, realizations: Int
    ) {
        self.solver = solver
        self.parameters = parameters
        self.times = times
        self.layout = layout
        self.noiseRealizations = noiseRealizations
        self.realizations = realizations
    }

    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("solver", .string(solver)),
            ("parameters", .object(parameters)),
            ("times", .numbers(times)),
            ("layout", layout.json),
            ("realizations", .number(Double(realizations))),
        ]
        if let m = noiseRealizations { pairs.append(("noise_realizations", .number(Double(m)))) }
        return .object(pairs)
    }

    public init?(json: JSONValue) {
        guard let solver = json["solver"]?.stringValue, case .object(let parameters)? = json["parameters"],
            let times = json["times"]?.flattenedNumbers, let layoutJSON = json["layout"],
            let layout = ObservableLayout(json: layoutJSON), let r = json["realizations"]?.doubleValue
        else { return nil }
        self.init(
            solver: solver, parameters: parameters, times: times, layout: layout,
            noiseRealizations: json["noise_realizations"]?.doubleValue.map { Int($0) }, realizations: Int(r))
    }

    /// The result of a set of records, reduced in ascending realization order (so any split
    /// into threads, shards or resumed pieces gives the same bits).
    public func result(records: [RealizationRecord], provenance: Provenance) -> SolverResult {
        let average = RealizationRunner.reduce(records, dimension: layout.dimension)
        let observables = layout.observables(mean: average.mean, standardError: average.standardError)
        return SolverResult(
            solver: solver, parameters: parameters, times: times, observables: observables,
            disorderRealizations: average.disorder.count, noiseRealizations: noiseRealizations,
            provenance: provenance)
    }
}
