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
/// The solvers are the derivative functions; this is the one place that knows all four.
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
        let l = spec.chain.length, times = spec.times, selection = spec.observables.map(Set.init)
        let initial0 = spec.initialState(realization: 0)
        switch spec.solver {
        case .lindblad(let tolerance):
            let solver = LindbladSolver(options: .init(
                tolerance: tolerance, observables: selection, threads: spec.chain.realizations == 1 ? threads : 1))
            let d = FockSector.dimension(length: l, particles: initial0.particles)
            layout = solver.layout(length: l, dimension: d, times: times.count)
            cost = LindbladSolver.cost(
                length: l, particles: initial0.particles, noisySites: spec.chain.noiseSites.count,
                spectralWidth: spec.chain.spectralWidth, gamma: spec.chain.totalGamma, tolerance: tolerance,
                entropy: solver.wants("entropy_vn", dimension: d), layout: layout, lastTime: times.last ?? 0)
            let layout = layout
            body = { r in
                let out = try solver.run(chain: spec.chain(realization: r), initial: spec.initialState(realization: r), times: times, realization: r)
                var stats = RunningStatistics(dimension: layout.dimension)
                stats.add(layout.flatten(out.observables))
                return stats
            }
        case .closure(let scheme, let dt, let tolerance):
            let solver = ClosureSolver(options: .init(scheme: scheme, dt: dt, tolerance: tolerance, observables: selection))
            layout = solver.layout(length: l, initial: initial0, times: times.count)
            cost = solver.cost(
                length: l, noisySites: spec.chain.noiseSites.count, spectralWidth: spec.chain.spectralWidth,
                gamma: spec.chain.totalGamma, layout: layout, lastTime: times.last ?? 0)
            let layout = layout
            body = { r in
                var stats = RunningStatistics(dimension: layout.dimension)
                stats.add(layout.flatten(
                    try solver.run(chain: spec.chain(realization: r), initial: spec.initialState(realization: r), times: times, realization: r)))
                return stats
            }
        case .trajectories(let scheme, let dt, let m):
            let solver = TrajectorySolver(options: .init(
                scheme: scheme, dt: dt, noiseRealizations: m, seed: spec.chain.seed, observables: selection))
            layout = solver.layout(length: l, initial: initial0, times: times.count)
            cost = solver.cost(
                length: l, orbitals: initial0.particles, noisySites: spec.chain.noiseSites.count, layout: layout,
                lastTime: times.last ?? 0)
            body = { r in
                try solver.run(chain: spec.chain(realization: r), initial: spec.initialState(realization: r), times: times, realization: r)
            }
        case .master(let master):
            layout = MasterSolver.layout(length: l, times: times.count, collapse: master.collapse)
            cost = MasterSolver.cost(length: l, noisySites: spec.chain.noiseSites.count, layout: layout)
            let prefactors = spec.chain.gammas.map(master.prefactor.value)
            let start: Int
            if case .excitation(let j) = spec.initial { start = j } else { start = spec.chain.noiseSites[0] }
            let layout = layout
            body = { r in
                let rates = master.rates == .ansatz
                    ? MasterRates.ansatz(length: l, xi: master.xi!, c: prefactors[0])
                    : MasterRates.microscopic(chain: spec.chain(realization: r), prefactors: prefactors, start: start)
                var obs = try MasterSolver(rates: rates).run(times: times, realization: r)
                if master.collapse, let xi = master.xi, case .scalar(let rms)? = obs["rms_displacement"] {
                    obs["rms_displacement_over_xi"] = .scalar(rms.map { $0 / xi })
                    obs["xi_times_t"] = .scalar(times.map { $0 * xi })
                }
                var stats = RunningStatistics(dimension: layout.dimension)
                stats.add(layout.flatten(obs))
                return stats
            }
        }
        try Self.checkProduced(spec, layout)
    }

    /// Refuses requested observables the solver does not produce for this initial state
    /// (entanglement for an excitation, transport for a ground or product state): they would
    /// be silently absent, and a selection of only such names would run and average nothing.
    private static func checkProduced(_ spec: RunSpec, _ layout: ObservableLayout) throws {
        let produced = layout.entries.map(\.name)
        if let missing = (spec.observables ?? []).filter({ !produced.contains($0) }).sorted().first {
            throw InputError(
                option: "--observables", value: missing,
                allowed: "not produced with --initial \(spec.initial.kind.rawValue) (here: \(produced.joined(separator: ", ")))")
        }
    }

    /// What identifies the run in its directory: the spec's file form, times, layout.
    public var identity: EnsembleIdentity {
        EnsembleIdentity(
            solver: spec.solver.name.rawValue, parameters: spec.parameters, times: spec.times, layout: layout,
            noiseRealizations: spec.solver.noiseRealizations, realizations: spec.chain.realizations)
    }

    /// The manifest of this job's run directory for one shard (`index` 1-based of `count`).
    public func manifest(shard: (index: Int, count: Int)) -> RunDirectory.Manifest {
        RunDirectory.Manifest(
            identity: identity.json,
            realizations: RealizationRunner.shard(shard.index, of: shard.count, realizations: spec.chain.realizations))
    }
}
