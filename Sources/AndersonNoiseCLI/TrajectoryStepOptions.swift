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
    @Option(
        help: """
            Noise realizations per disorder realization (allowed \
            \(RunLimits.text(RunLimits.noiseRealizations))).
            """)
    var noiseRealizations: Int = 10

    @Option(help: "Time integration (allowed strang | lie | paper).")
    var scheme: Scheme = .strang

    @Option(
        help: """
            Time step; output times are rounded to its multiples, the grid of lindblad and closure \
            when dt divides \(RunSpec.gridQuantum) (allowed \(RunLimits.dt)).
            """)
    var dt: Double = 0.1
}
