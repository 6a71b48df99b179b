import AndersonNoise
import ArgumentParser

/// The options that make a `trajectories` run (all but where and how it executes): taken by
/// `trajectories` and, for the preflight of a planned run, by `validate`.
struct TrajectoryRunOptions: ParsableArguments {
    @OptionGroup var chain: ChainOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var selection: ObservableOptions
    @OptionGroup var stepping: TrajectoryStepOptions

    var kind: InitialKind { state.initial ?? .product }

    func validate() throws {
        try state.check(kind: kind)
        try mappingErrors { try spec().validate() }
    }

    /// The planned run, exactly as `trajectories` with these options would run it.
    func spec() throws -> RunSpec {
        let l = try chain.resolvedLength(default: 100)
        let c = try chain.spec(length: l)
        let solver = SolverSpec.trajectories(
            scheme: stepping.scheme, dt: stepping.dt, noiseRealizations: stepping.noiseRealizations)
        return RunSpec(
            chain: c, initial: try state.spec(kind: kind, chain: c),
            times: try time.times(for: solver),
            solver: solver,
            observables: try selection.selection(allowed: TrajectorySolver.observables))
    }

    /// Parses the run's options; a bad one is a usage error (exit 64) naming it.
    static func parsing(_ arguments: [String]) throws -> TrajectoryRunOptions {
        do {
            return try parse(arguments)
        } catch {
            throw ValidationError(message(for: error))
        }
    }
}
