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

    func explicitTimes() throws -> [Double]? {
        try times.map { try ListParsing.doubles($0, option: "--times") }
    }

    /// The output times of a run of `solver` (`RunSpec.outputTimes`).
    func times(for solver: SolverSpec) throws -> [Double] {
        try mappingErrors {
            try RunSpec.validateGrid(tMax: tMax, pointsPerDecade: pointsPerDecade, solver: solver)
        }
        return RunSpec.outputTimes(
            explicit: try explicitTimes(), tMax: tMax, pointsPerDecade: pointsPerDecade,
            solver: solver)
    }
}
