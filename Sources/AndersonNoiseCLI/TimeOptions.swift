import AndersonNoise
import ArgumentParser

/// Output times and time step (`--times --t-max --points-per-decade --dt`).
struct TimeOptions: ParsableArguments {
    @Option(
        help: """
            Explicit output times t_1,t_2,..., increasing; a scheme with a step rounds them to \
            multiples of dt (default: none, the logarithmic grid; allowed \(RunLimits.times)).
            """)
    var times: String?

    @Option(
        help: """
            Last time of the logarithmic grid: t = 0, then q = \(RunSpec.gridQuantum) (or t-max \
            if smaller) to t-max, rounded to multiples of q (lindblad, closure, trajectories; \
            master: not rounded) and then of dt, so these three solvers share the grid when dt \
            divides q (allowed \(RunLimits.tMax)).
            """)
    var tMax: Double = 1e4

    @Option(
        help: """
            Points per decade of the logarithmic grid (allowed \
            \(RunLimits.text(RunLimits.pointsPerDecade))).
            """)
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
