import AndersonNoise
import ArgumentParser
import Foundation

extension MasterSpec.Rates: ExpressibleByArgument {}
extension MasterSpec.Prefactor: ExpressibleByArgument {}

struct MasterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "master",
        abstract:
            "Classical master equation between Anderson eigenstates (paper Sec. IV, eqs. 19-21).",
        discussion: """
            dp_a/dt = sum_b Gamma_ab (p_b - p_a), solved exactly for any t from one graded \
            factorisation. \
            --rates microscopic (default): Gamma_ab = sum_s c_s |phi_a(s)|^2 |phi_b(s)|^2 over \
            the noisy sites s \
            per disorder realization, positions = eigenstate centres, start p_a(0) = |phi_a(j)|^2 \
            (a density \
            excitation on one site j, as in Fig. 3: --site, default the first noisy site) and the \
            width measured from \
            site j; --rates ansatz --xi X: Gamma_ab = c u_a u_b, u_a = exp(-|a - L/2|/xi), one \
            noisy site, start \
            in the state at L/2 (Fig. 4). rms_width w(t) = sqrt(sum_a (x_a - x_0)^2 p_a) (the \
            paper's R of Sec. IV, the full width; the quantum solvers' rms_displacement is half \
            of it) is the root of the disorder-averaged second moment. --prefactor gamma \
            (default, c_s = gamma_s: measured against the exact closure) or gamma2 (the paper's c \
            = gamma^2). \
            --collapse adds w/xi and xi t (the paper's Fig. 4(b)).
            """
    )

    @OptionGroup var chain: ChainOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var ensemble: EnsembleOptions
    @OptionGroup var io: RunOptions

    @Option(help: "Rates of eq. 20 or the ansatz of eq. 21 (allowed microscopic | ansatz).")
    var rates: MasterSpec.Rates = .microscopic

    @Option(
        help: """
            Localization length of the ansatz rates (default: none, required with --rates \
            ansatz; allowed \(RunLimits.xi); ansatz only).
            """)
    var xi: Double?

    @Option(help: "Prefactor c of the rates (allowed gamma | gamma2).")
    var prefactor: MasterSpec.Prefactor = .standard

    @Option(
        help:
            """
            Excited site j of the start, 1-based, microscopic only (default: the first noisy \
            site, L/2 without --noise-site; allowed 1...L).
            """
    )
    var site: Int?

    @Flag(help: "Add rms_width_over_xi and xi_times_t (ansatz only).")
    var collapse = false

    var realizations: Int {
        rates == .ansatz ? chain.realizations ?? 1 : chain.realizationCount
    }

    func validate() throws {
        try checkRun(try spec(), io: io, ensemble: ensemble)
        try ensemble.checkCost(try job())
    }

    package func spec() throws -> RunSpec {
        let l = try chain.resolvedLength(default: 100)
        let chainSpec = try chain.spec(length: l, realizations: realizations)
        let solver = SolverSpec.master(
            MasterSpec(rates: rates, prefactor: prefactor, xi: xi, collapse: collapse))
        return RunSpec(
            chain: chainSpec,
            initial: .excitation(site: site.map { $0 - 1 } ?? chainSpec.noiseSites[0]),
            times: try time.times(for: solver), solver: solver)
    }

    func job() throws -> EnsembleJob { try mappingErrors { try EnsembleJob(spec()) } }

    func run() throws {
        try ensemble.execute(try job(), run: io)
    }
}
