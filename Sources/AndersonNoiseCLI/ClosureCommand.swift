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
            (output times are rounded to multiples of dt). Errors are over disorder realizations.
            """
    )

    @OptionGroup var chain: ChainOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var selection: ObservableOptions
    @OptionGroup var ensemble: EnsembleOptions
    @OptionGroup var io: RunOptions

    @Option(help: "Time integration: exact | lie | strang.")
    var scheme: Scheme = .exact

    @Option(help: "Time step of the lie/strang schemes (> 0).")
    var dt: Double = 0.1

    @Option(help: "Error tolerance of the exact scheme, [1e-14, 1e-3].")
    var tolerance: Double = 1e-10

    var kind: InitialKind { state.initial ?? .ground }

    func validate() throws {
        try state.check(kind: kind)
        try checkRun(try spec(), io: io, ensemble: ensemble)
        try ensemble.checkCost(try job())
    }

    package func spec() throws -> RunSpec {
        let l = try chain.resolvedLength(default: 100)
        let solver = SolverSpec.closure(scheme: scheme, dt: dt, tolerance: tolerance)
        return RunSpec(
            chain: try chain.spec(length: l), initial: try state.spec(kind: kind, length: l),
            times: try time.times(for: solver),
            solver: solver, observables: try selection.selection(allowed: ClosureSolver.observables)
        )
    }

    func job() throws -> EnsembleJob { try mappingErrors { try EnsembleJob(spec()) } }

    func run() throws {
        try ensemble.execute(try job(), run: io)
    }
}
