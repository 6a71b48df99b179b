import AndersonNoise
import ArgumentParser

/// Output times and time step (`--times --t-max --points-per-decade --dt`).
struct TimeOptions: ParsableArguments {
    @Option(help: "Explicit output times t_1,t_2,... (>= 0, increasing).")
    var times: String?

    @Option(help: "Last time of the logarithmic grid.")
    var tMax: Double = 1e4

    @Option(help: "Points per decade of the logarithmic grid.")
    var pointsPerDecade: Int = 10

    /// Latest output time (the step counts it implies are bounded separately, `RunCost`).
    static let maxTime = 1e12

    func check() throws {
        guard tMax > 0 && tMax <= Self.maxTime else {
            throw ValidationError("--t-max \(tMax): allowed (0, 1e12]")
        }
        guard (1...1000).contains(pointsPerDecade) else {
            throw ValidationError("--points-per-decade \(pointsPerDecade): allowed 1...1000")
        }
        if let t = try explicitTimes() {
            guard !t.isEmpty else { throw ValidationError("--times: give at least one time") }
            if let bad = t.first(where: { !(0...Self.maxTime).contains($0) }) {
                throw ValidationError("--times \(bad): allowed [0, 1e12] (as --t-max)")
            }
            for (a, b) in zip(t, t.dropFirst()) where b <= a {
                throw ValidationError("--times \(b) after \(a): times must be strictly increasing")
            }
        }
    }

    func explicitTimes() throws -> [Double]? {
        try times.map { try ListParsing.doubles($0, option: "--times") }
    }

    /// The output times of a run of `solver` (`RunSpec.outputTimes`).
    func times(for solver: SolverSpec) throws -> [Double] {
        RunSpec.outputTimes(
            explicit: try explicitTimes(), tMax: tMax, pointsPerDecade: pointsPerDecade,
            solver: solver)
    }
}
