import AndersonNoise
import ArgumentParser
import Foundation

struct TrajectoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trajectories",
        abstract:
            """
            Unitary unraveling: stochastic free-fermion trajectories, noise and disorder averaged.
            """,
        discussion: """
            Per disorder realization the mean over --noise-realizations trajectories, then mean \
            and \
            standard error over disorder realizations (the paper's order). --scheme strang \
            (default, \
            weak order 2), lie (order 1), paper (eq. 8, order 1, O(L^3) per step). One Gaussian \
            kick per \
            noisy site and step (drawn in the order of the sites). Output times are \
            rounded to multiples of --dt (the default grid is lindblad's and closure's when dt \
            divides 0.1, see --t-max). Results are bit-identical for every --threads.
            """
    )

    @OptionGroup var plan: TrajectoryRunOptions
    @OptionGroup var ensemble: EnsembleOptions
    @OptionGroup var io: RunOptions

    func validate() throws {
        try io.check()
        try ensemble.checkModes(output: io.output)
        try ensemble.check(realizations: plan.chain.realizationCount)
        try ensemble.checkCost(try job())
    }

    package func spec() throws -> RunSpec { try plan.spec() }

    func job() throws -> EnsembleJob { try mappingErrors { try EnsembleJob(spec()) } }

    func run() throws {
        try ensemble.execute(try job(), run: io)
    }
}
