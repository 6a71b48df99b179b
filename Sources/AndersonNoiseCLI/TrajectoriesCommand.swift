import AndersonNoise
import ArgumentParser
import Foundation


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
        try ensemble.checkCost(try job())
    }

    package func spec() throws -> RunSpec {
        let l = try chain.resolvedLength(default: 100)
        let solver = SolverSpec.trajectories(scheme: stepping.scheme, dt: stepping.dt, noiseRealizations: stepping.noiseRealizations)
        return RunSpec(
            chain: try chain.spec(length: l), initial: try state.spec(kind: kind, length: l), times: try time.times(for: solver),
            solver: solver, observables: try selection.selection(allowed: TrajectorySolver.observables))
    }

    func job() throws -> EnsembleJob { try mappingErrors { try EnsembleJob(spec()) } }

    func run() throws {
        try ensemble.execute(try job(), run: io)
    }
}
