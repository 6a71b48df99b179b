import AndersonNoise
import ArgumentParser
import Foundation

extension TrajectoryScheme: ExpressibleByArgument {}

struct TrajectoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trajectories",
        abstract: "Unitary unraveling: stochastic free-fermion trajectories, noise and disorder averaged.",
        discussion: """
            Per disorder realization the mean over --noise-realizations trajectories, then mean and \
            standard error over disorder realizations (the paper's order). --scheme strang (default, \
            weak order 2), lie (order 1), paper (eq. 8, order 1, O(L^3) per step). One Gaussian kick per \
            noisy site and step (drawn in the order of the sites). Output times are \
            rounded to multiples of --dt. Results are bit-identical for every --threads.
            """
    )

    @OptionGroup var chain: ChainOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var selection: ObservableOptions
    @OptionGroup var ensemble: EnsembleOptions
    @OptionGroup var io: RunOptions
    @OptionGroup var stepping: TrajectoryStepOptions

    var kind: InitialKind { state.initial ?? .product }

    func validate() throws {
        _ = try checkSolverOptions(
            chain: chain, state: state, kind: kind, allowed: [.ground, .product, .excitation], time: time, io: io,
            ensemble: ensemble, realizations: chain.realizationCount, defaultLength: 100, maxLength: 100_000)
        try stepping.check()
        _ = try selection.selection(allowed: TrajectorySolver.observableNames)
        try EnsembleRun.checkCost(try job(), threads: ensemble.threadCount, shard: try ensemble.parsedShard())
    }

    func job() throws -> EnsembleJob {
        try Self.job(
            chain: chain, state: state, kind: kind, times: time.grid(start: stepping.dt), scheme: stepping.scheme,
            dt: stepping.dt, noiseRealizations: stepping.noiseRealizations,
            observables: selection.selection(allowed: TrajectorySolver.observableNames))
    }

    func run() throws {
        try EnsembleRun.execute(try job(), ensemble: ensemble, run: io)
    }

    /// The ensemble job of a trajectories run (also used by `figure`).
    static func job(
        chain: ChainOptions, state: StateOptions, kind: InitialKind, times requested: [Double], scheme: TrajectoryScheme,
        dt: Double, noiseRealizations: Int, observables: Set<String>?
    ) throws -> EnsembleJob {
        let l = try chain.resolvedLength(default: 100)
        let times = TimeGrid.snapped(requested, to: dt)
        let solver = TrajectorySolver(options: .init(
            scheme: scheme, dt: dt, noiseRealizations: noiseRealizations, seed: chain.seed, observables: observables))
        let initial0 = try state.state(kind: kind, length: l, seed: chain.seed, realization: 0)
        let layout = solver.layout(length: l, initial: initial0, times: times.count)
        try ObservableOptions.checkProduced(observables, by: layout, initial: kind)
        var parameters = try chain.parameters(length: l) + state.parameters(kind: kind, length: l)
        parameters += [("scheme", .string(scheme.rawValue)), ("dt", .number(dt)), ("noise_realizations", .number(Double(noiseRealizations)))]
        if chain.realizationCount == 1 && chain.potential == nil {
            parameters.append(("potentials_used", .numbers(try chain.chain(length: l, realization: 0).potentials)))
        }
        return EnsembleJob(
            solver: "trajectories", parameters: parameters, times: times, layout: layout, realizations: chain.realizationCount,
            noiseRealizations: noiseRealizations,
            cost: solver.cost(
                length: l, orbitals: initial0.particles, noisySites: try chain.noise.sites(length: l).count, layout: layout,
                lastTime: times.last ?? 0),
            body: { r in
                let c = try chain.chain(length: l, realization: r)
                let initial = try state.state(kind: kind, length: l, seed: chain.seed, realization: r)
                return try solver.run(chain: c, initial: initial, times: times, realization: r)
            })
    }
}
