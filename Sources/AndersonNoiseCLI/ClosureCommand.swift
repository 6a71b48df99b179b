import AndersonNoise
import ArgumentParser
import Foundation

struct ClosureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "closure",
        abstract: "Exact noise-averaged single-particle equation for rho_s (no sampling, any L).",
        discussion: """
            d rho_s/dt = +i[h, rho_s] - Gamma o rho_s, Gamma_ij = (g_i + g_j)/2 for i != j (g_i \
            the noise \
            strength on site i, 0 on a quiet one; one noisy site: (gamma/2) M o rho_s). --scheme \
            exact: continuous time, error below \
            --tolerance; --scheme lie|strang: the exact noise average of that discrete scheme at \
            --dt \
            (output times are rounded to multiples of dt; the default grid is the one of lindblad \
            and trajectories when dt divides 0.1, see --t-max). Errors are over disorder \
            realizations.
            """
    )

    @OptionGroup var chain: ChainOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var selection: ObservableOptions
    @OptionGroup var ensemble: EnsembleOptions
    @OptionGroup var io: RunOptions

    @Option(help: "Time integration (allowed exact | lie | strang).")
    var scheme: Scheme = .exact

    @Option(help: "Time step of the lie/strang schemes (allowed \(RunLimits.dt)).")
    var dt: Double = 0.1

    @Option(
        help: """
            Error tolerance of --scheme exact: bound on the Frobenius-norm error of rho_s \
            (allowed \(RunLimits.tolerance)).
            """)
    var tolerance: Double = 1e-10

    var kind: InitialKind { state.initial ?? .ground }

    func validate() throws {
        try state.check(kind: kind)
        try checkRun(try spec(), io: io, ensemble: ensemble)
        try ensemble.checkCost(try job())
    }

    package func spec() throws -> RunSpec {
        let l = try chain.resolvedLength(default: 100)
        let c = try chain.spec(length: l)
        let solver = SolverSpec.closure(scheme: scheme, dt: dt, tolerance: tolerance)
        return RunSpec(
            chain: c, initial: try state.spec(kind: kind, chain: c),
            times: try time.times(for: solver),
            solver: solver, observables: try selection.selection(allowed: ClosureSolver.observables)
        )
    }

    func job() throws -> EnsembleJob { try mappingErrors { try EnsembleJob(spec()) } }

    func run() throws {
        try ensemble.execute(try job(), run: io)
    }
}
