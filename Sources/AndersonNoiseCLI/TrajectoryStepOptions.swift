import AndersonNoise
import ArgumentParser

/// Each solver takes a subset of the schemes, listed in its option's help (`--scheme`), so
/// the parser does not list all of them.
extension Scheme: ExpressibleByArgument {
    public static var allValueStrings: [String] { [] }
}

/// The scheme, time step and noise realizations of a trajectories run (shared by
/// `trajectories` and the preflight of `validate`).
struct TrajectoryStepOptions: ParsableArguments {
    @Option(help: "Noise realizations per disorder realization (>= 1).")
    var noiseRealizations: Int = 10

    @Option(help: "Time integration: strang | lie | paper.")
    var scheme: Scheme = .strang

    @Option(help: "Time step (> 0).")
    var dt: Double = 0.1
}
