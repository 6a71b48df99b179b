import Foundation
import ChainModel
import RunSpecification
import Statistics
import Execution
import NoiseClosure
import SolverRuns

/// The reference `check` compares a submitted result with: the noise average of the run a
/// `RunSpec` describes (its chains, initial state and the submitted times) for the submitted
/// observables, by the method `CheckReference` picks.
///
/// An ensemble (`--disorder W --realizations R`) is the project's own draw: the same R chains
/// (and random product states) every solver of this project runs for that seed. The
/// reference is their mean with no standard error: it is exact for those chains, so the only
/// randomness left in a comparison is the submitted code's own.
public enum ReferenceResult {
    /// The reference observables (mean over the spec's realizations) and how they were computed.
    public static func observables(
        spec: RunSpec, observables: [Observable], against: CheckReference, threads: Int = 1
    ) throws -> (observables: Observables, method: CheckReference.Method) {
        let method = try against.method(for: observables)
        var run = spec
        run.solver = against.solver(method)
        run.observables = observables
        try run.validate()
        if method == .paperAverage, case .scheme(_, let dt) = against {
            return (try PaperSchemeObservables.average(spec: run, dt: dt), method)
        }
        let job = try EnsembleJob(run, threads: threads)
        try EnsembleRun.checkCost(job, threads: 1, shard: (1, 1))
        var total = RunningStatistics(dimension: job.layout.dimension)
        for r in 0..<run.chain.realizations { total.add(try job.body(r).mean) }
        return (job.layout.observables(mean: total.mean, standardError: nil), method)
    }
}
