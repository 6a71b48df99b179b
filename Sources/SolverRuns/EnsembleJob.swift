import ChainModel
import RunSpecification
import Formats
import RunStorage
import Statistics
import Execution
import ManyBodyLindblad
import NoiseClosure
import Trajectories
import MasterEquation

/// One ensemble run of a solver, ready to execute: its spec, the layout of what each
/// realization produces, the up-front cost, and the body that computes realization r.
/// The solvers are the derivative functions (`EnsembleSolver`); this is the one place that
/// knows all four, to build the one `spec` names.
public struct EnsembleJob: Sendable {
    public var spec: RunSpec
    public var layout: ObservableLayout
    /// Memory and work, checked before anything is written.
    public var cost: RunCost
    /// Observables of realization r (0-based), as statistics over its noise realizations.
    public var body: @Sendable (Int) throws -> RunningStatistics

    /// The job of `spec`. `threads` is the many-body solver's thread count for a single
    /// chain (its one realization is parallel inside); other solvers parallelize over
    /// realizations and ignore it.
    public init(_ spec: RunSpec, threads: Int = 1) throws {
        self.spec = spec
        let solver = Self.solver(spec, threads: threads), times = spec.times
        let initial0 = spec.initialState(realization: 0)
        let layout = solver.layout(length: spec.chain.length, initial: initial0, times: times.count)
        self.layout = layout
        cost = solver.cost(
            chain: spec.chain, initial: initial0, layout: layout, lastTime: times.last ?? 0)
        body = { r in
            try solver.statistics(
                chain: spec.chain(realization: r), initial: spec.initialState(realization: r),
                times: times, realization: r)
        }
        try Self.checkProduced(spec, layout)
    }

    /// The solver `spec` names, with its options and observable selection.
    private static func solver(_ spec: RunSpec, threads: Int) -> any EnsembleSolver {
        let selection = spec.observables.map(Set.init)
        switch spec.solver {
        case .lindblad(let tolerance):
            return LindbladSolver(
                options: .init(
                    tolerance: tolerance, observables: selection,
                    threads: spec.chain.realizations == 1 ? threads : 1))
        case .closure(let scheme, let dt, let tolerance):
            return ClosureSolver(
                options: .init(scheme: scheme, dt: dt, tolerance: tolerance, observables: selection)
            )
        case .trajectories(let scheme, let dt, let m):
            return TrajectorySolver(
                options: .init(
                    scheme: scheme, dt: dt, noiseRealizations: m, seed: spec.chain.seed,
                    observables: selection))
        case .master(let master):
            return MasterEnsemble(master: master, gammas: spec.chain.gammas)
        }
    }

    /// Refuses requested observables the solver does not produce for this initial state
    /// (entanglement for an excitation, transport for a ground or product state): they would
    /// be silently absent, and a selection of only such names would run and average nothing.
    private static func checkProduced(_ spec: RunSpec, _ layout: ObservableLayout) throws {
        let produced = layout.entries.map(\.observable)
        guard
            let missing = (spec.observables ?? []).filter({ !produced.contains($0) })
                .map(\.rawValue).sorted().first
        else { return }
        // What this solver can produce from this initial state: its layout with every
        // observable asked for.
        var every = spec
        every.observables = type(of: solver(spec, threads: 1)).observables
        let possible = solver(every, threads: 1).layout(
            length: spec.chain.length, initial: spec.initialState(realization: 0), times: 1)
        throw InputError(
            option: "observables", value: missing,
            allowed: "not produced from the initial state \(spec.initial.kind.rawValue) (here: "
                + possible.entries.map(\.observable.rawValue).joined(separator: ", ") + ")")
    }

    /// What identifies the run in its directory: the spec's file form, times, layout.
    public var identity: EnsembleIdentity {
        EnsembleIdentity(
            solver: spec.solver.name.rawValue, parameters: spec.parameters, times: spec.times,
            layout: layout,
            noiseRealizations: spec.solver.noiseRealizations, realizations: spec.chain.realizations)
    }

    /// The manifest of this job's run directory for one shard (`index` 1-based of `count`).
    public func manifest(shard: (index: Int, count: Int)) -> RunDirectory.Manifest {
        RunDirectory.Manifest(
            identity: identity.json,
            realizations: RealizationRunner.shard(
                shard.index, of: shard.count, realizations: spec.chain.realizations))
    }
}
