import AndersonNoise
import ArgumentParser
import Foundation

struct LindbladCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lindblad",
        abstract: "Exact many-body Lindblad equation (paper eq. 4) in one particle-number sector.",
        discussion: """
            d rho/dt = -i[H_A, rho] + sum_s gamma_s (n_s rho n_s - {n_s, rho}/2) over the noisy \
            sites s, dense rho of dimension C(L, N), \
            propagated by an error-controlled Taylor method (--tolerance bounds the \
            Frobenius-norm error). \
            --length is required; a sector that does not fit in memory is refused. Default: one \
            disorder \
            realization (this is the exact oracle; --realizations R averages R of them).
            """
    )

    @OptionGroup var chain: ChainOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var selection: ObservableOptions
    @OptionGroup var ensemble: EnsembleOptions
    @OptionGroup var io: RunOptions

    @Option(
        help: """
            Error tolerance of the propagation: bound on the Frobenius-norm error of rho \
            (allowed \(RunLimits.tolerance)).
            """)
    var tolerance: Double = 1e-10

    var kind: InitialKind { state.initial ?? .ground }
    var realizations: Int { chain.realizations ?? 1 }

    func validate() throws {
        try state.check(kind: kind)
        let spec = try spec()
        try checkRun(spec, io: io, ensemble: ensemble)
        let l = spec.chain.length
        let n = try state.particleCount(length: l)
        let d = FockSector.dimension(length: l, particles: n)
        let entropy =
            spec.observables?.contains(.entropyVN) ?? (d <= LindbladSolver.defaultEntropyDimension)
        try mappingErrors {
            try LindbladSolver.checkMemory(length: l, particles: n, entropy: entropy)
        }
        try ensemble.checkCost(try job())
    }

    func run() throws {
        try ensemble.execute(try job(), run: io)
    }

    package func spec() throws -> RunSpec {
        let l = try chain.resolvedLength(default: nil)
        let solver = SolverSpec.lindblad(tolerance: tolerance)
        let c = try chain.spec(length: l, realizations: realizations)
        return RunSpec(
            chain: c, initial: try state.spec(kind: kind, chain: c),
            times: try time.times(for: solver), solver: solver,
            observables: try selection.selection(allowed: LindbladSolver.observables))
    }

    func job() throws -> EnsembleJob {
        try mappingErrors { try EnsembleJob(spec(), threads: ensemble.threadCount) }
    }
}
