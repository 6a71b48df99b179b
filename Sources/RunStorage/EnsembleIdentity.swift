import Foundation
import ChainModel
import LinearAlgebra
import Formats
import Statistics

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
        solver: String, parameters: [(String, JSONValue)], times: [Double],
        layout: ObservableLayout,
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

    /// The solvers whose runs go through run directories.
    public static let solvers = ["lindblad", "closure", "trajectories", "master"]
    /// Largest layout dimension a manifest may declare (an allocation bound; a real run is far
    /// below: Fig. 2's profile run has about 4e3 per realization).
    public static let maxDimension = 1 << 40

    /// Reads an identity from a manifest, checking every field: a hand-edited or damaged
    /// run.json is refused (naming the field), never trusted into a trap or a wrong count.
    public init(validating json: JSONValue) throws {
        func bad(_ field: String, _ allowed: String) -> RunDirectory.Failure {
            .corrupted("identity field \(field): \(allowed)")
        }
        guard let solver = json["solver"]?.stringValue, Self.solvers.contains(solver) else {
            throw bad("solver", "one of \(Self.solvers.joined(separator: ", "))")
        }
        guard case .object(let parameters)? = json["parameters"] else {
            throw bad("parameters", "an object")
        }
        guard let times = json["times"]?.arrayValue?.compactMap(\.doubleValue),
            times.count == json["times"]?.arrayValue?.count,
            !times.isEmpty, times.allSatisfy({ $0 >= 0 })
        else { throw bad("times", "a non-empty list of times >= 0") }
        guard let layoutJSON = json["layout"], let layout = ObservableLayout(json: layoutJSON),
            layout.times == times.count,
            !layout.entries.isEmpty,
            Set(layout.entries.map(\.observable)).count == layout.entries.count
        else {
            throw bad(
                "layout",
                "entries with distinct names and kinds of this version, sizes 1...100000, "
                    + "one time per output time"
            )
        }
        let dimension = layout.entries.reduce(0.0) {
            $0 + Double($1.shape.size) * Double(layout.times)
        }
        guard dimension <= Double(Self.maxDimension) else {
            throw bad("layout", "dimension \(dimension) beyond \(Self.maxDimension)")
        }
        guard let r = json["realizations"]?.integer(in: 1...RunDirectory.maxRealizations) else {
            throw bad("realizations", "an integer in 1...\(RunDirectory.maxRealizations)")
        }
        var noise: Int?
        if let m = json["noise_realizations"] {
            guard let n = m.integer(in: 1...1_000_000) else {
                throw bad("noise_realizations", "an integer in 1...1000000")
            }
            noise = n
        }
        guard (noise != nil) == (solver == "trajectories") else {
            throw bad("noise_realizations", "present exactly for trajectories runs")
        }
        self.init(
            solver: solver, parameters: parameters, times: times, layout: layout,
            noiseRealizations: noise, realizations: r)
    }

    /// What each record of this run must satisfy.
    public func recordExpectation(realizations: [Int]) -> RecordFile.Expectation {
        RecordFile.Expectation(
            dimension: layout.dimension, noiseCount: noiseRealizations ?? 1,
            realizations: realizations)
    }

    /// The result of the two-level average of the records, which the caller reduced in
    /// ascending realization order (so any split into threads, shards or resumed pieces gives
    /// the same bits).
    public func result(average: TwoLevelAverage, provenance: Provenance) -> SolverResult {
        let observables = layout.observables(
            mean: average.mean, standardError: average.standardError)
        return SolverResult(
            solver: solver, parameters: parameters, times: times, observables: observables,
            disorderRealizations: average.disorder.count, noiseRealizations: noiseRealizations,
            provenance: provenance)
    }
}
