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

    func check() throws {
        guard (1...1_000_000).contains(noiseRealizations) else {
            throw ValidationError("--noise-realizations \(noiseRealizations): allowed 1...1000000")
        }
        guard Scheme.trajectories.contains(scheme) else {
            throw ValidationError(
                "--scheme \(scheme.rawValue): allowed "
                    + "\(Scheme.trajectories.map(\.rawValue).joined(separator: ", "))"
            )
        }
        guard dt.isFinite && dt > 0 && dt <= 10 else {
            throw ValidationError("--dt \(dt): allowed (0, 10]")
        }
    }
}
