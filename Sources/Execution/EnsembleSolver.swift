import ChainModel
import RunSpecification
import Statistics

/// A solver of ensemble runs, one call pattern for all four: the layout of what a realization
/// produces, the up-front cost, and one disorder realization's observables as statistics over
/// its noise realizations (a deterministic solver, which averages the noise exactly or has
/// none, returns one sample).
///
/// Contract: `statistics` returns `layout(length:initial:times:)`'s dimension for the chain's
/// length, the state and `times.count`, samples flattened by that layout
/// (`ObservableLayout.flatten`); its result depends on the chain, the state, the times and
/// the realization index only (never on threads or the order realizations run in).
public protocol EnsembleSolver: Sendable {
    /// The observables this solver can produce, in the order its layouts list them.
    static var observables: [Observable] { get }

    /// What `statistics` produces for a state on L sites at `times` output times.
    func layout(length: Int, initial: InitialState, times: Int) -> ObservableLayout

    /// Memory and work of one realization of `chain` from `initial` with `layout` up to
    /// `lastTime`, estimated before any work (`RunCost`).
    func cost(
        chain: ChainSpec, initial: InitialState, layout: ObservableLayout, lastTime: Double
    ) -> RunCost

    /// Realization `realization` of the ensemble: the statistics of its observables over its
    /// noise realizations, laid out by `layout`. Throws an `InvariantViolation` when a
    /// checked invariant fails and an `InputError` for a state the solver does not take.
    func statistics(
        chain: Chain, initial: InitialState, times: [Double], realization: Int
    ) throws -> RunningStatistics
}

extension EnsembleSolver {
    /// One sample: the statistics of a deterministic solver's observables.
    public static func sample(
        _ observables: Observables, layout: ObservableLayout
    ) -> RunningStatistics {
        var stats = RunningStatistics(dimension: layout.dimension)
        stats.add(layout.flatten(observables))
        return stats
    }
}
