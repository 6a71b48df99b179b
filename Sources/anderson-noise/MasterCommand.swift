import AndersonNoise
import ArgumentParser
import Foundation

extension MasterRates.Kind: ExpressibleByArgument {}
extension MasterRates.Prefactor: ExpressibleByArgument {}

struct MasterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "master",
        abstract: "Classical master equation between Anderson eigenstates (paper Sec. IV, eqs. 19-21).",
        discussion: """
            dp_a/dt = sum_b Gamma_ab (p_b - p_a), solved exactly for any t from one graded factorisation. \
            --rates microscopic (default): Gamma_ab = sum_s c_s |phi_a(s)|^2 |phi_b(s)|^2 over the noisy sites s \
            per disorder realization, positions = eigenstate centres, start p_a(0) = |phi_a(j)|^2 (a density \
            excitation on one site j, as in Fig. 3: --site, default the first noisy site) and R measured from \
            site j; --rates ansatz --xi X: Gamma_ab = c u_a u_b, u_a = exp(-|a - L/2|/xi), one noisy site, start \
            in the state at L/2 (Fig. 4). R(t) is the root of the disorder-averaged second moment. --prefactor gamma \
            (default, c_s = gamma_s: measured against the exact closure) or gamma2 (the paper's c = gamma^2). \
            --collapse adds R/xi and xi t (the paper's Fig. 4(b)).
            """
    )

    @OptionGroup var chain: ChainOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var ensemble: EnsembleOptions
    @OptionGroup var io: RunOptions

    @Option(help: "microscopic | ansatz.")
    var rates: MasterRates.Kind = .microscopic

    @Option(help: "Localization length of the ansatz rates (> 0; ansatz only).")
    var xi: Double?

    @Option(help: "Prefactor c of the rates: gamma | gamma2.")
    var prefactor: MasterRates.Prefactor = .standard

    @Option(help: "Excited site j of the start, 1-based (microscopic only; default the first noisy site).")
    var site: Int?

    @Flag(help: "Add rms_displacement_over_xi and xi_times_t (ansatz only).")
    var collapse = false

    var realizations: Int { rates == .ansatz ? 1 : chain.realizationCount }

    func validate() throws {
        let l = try checkSolverOptions(
            chain: chain, time: time, io: io, ensemble: ensemble, realizations: realizations, defaultLength: 100, maxLength: 5000)
        switch rates {
        case .ansatz:
            let sites = try chain.noise.sites(length: l)
            if sites.count > 1 {
                throw ValidationError("--rates ansatz: \(sites.count) noisy sites given; allowed one (the ansatz has one centre, L/2)")
            }
            if let j = site { throw ValidationError("--site \(j): only with --rates microscopic (the ansatz starts at L/2)") }
            guard let x = xi else { throw ValidationError("--xi: required with --rates ansatz (a number > 0)") }
            guard x >= 1e-100 && x <= 1e100 else { throw ValidationError("--xi \(x): allowed [1e-100, 1e100] (R/xi and xi t must not overflow)") }
            if let r = chain.realizations, r != 1 {
                throw ValidationError("--realizations \(r): ansatz rates have no disorder; allowed 1")
            }
        case .microscopic:
            if let x = xi { throw ValidationError("--xi \(x): only with --rates ansatz") }
            if collapse { throw ValidationError("--collapse: only with --rates ansatz") }
            if let j = site, !(1...l).contains(j) { throw ValidationError("--site \(j): allowed 1...\(l) (1-based site)") }
        }
        try EnsembleRun.checkCost(try job(), threads: ensemble.threadCount, shard: try ensemble.parsedShard())
    }

    func job() throws -> EnsembleJob {
        try Self.job(chain: chain, times: time.grid(), rates: rates, xi: xi, prefactor: prefactor, site: site, collapse: collapse)
    }

    func run() throws {
        try EnsembleRun.execute(try job(), ensemble: ensemble, run: io)
    }

    /// The ensemble job of a master-equation run (also used by `figure`).
    static func job(
        chain: ChainOptions, times: [Double], rates kind: MasterRates.Kind, xi: Double?, prefactor: MasterRates.Prefactor, site: Int?,
        collapse: Bool
    ) throws -> EnsembleJob {
        let l = try chain.resolvedLength(default: 100)
        let sites = try chain.noise.sites(length: l)
        let prefactors = try chain.noise.gammas(count: sites.count).map(prefactor.value)
        let start = site.map { $0 - 1 } ?? sites[0]
        var entries: [(name: String, shape: ObservableLayout.Shape)] = [("trace", .scalar), ("populations", .vector(l)), ("rms_displacement", .rootOfMean)]
        if collapse { entries += [("rms_displacement_over_xi", .rootOfMean), ("xi_times_t", .scalar)] }
        let layout = ObservableLayout(times: times.count, entries: entries)
        let realizations = kind == .ansatz ? 1 : chain.realizationCount
        var parameters = try chain.parameters(length: l, realizations: realizations)
        parameters += [("rates", .string(kind.rawValue)), ("prefactor", .string(prefactor.rawValue)),
                       ("c", prefactors.count == 1 ? .number(prefactors[0]) : .numbers(prefactors))]
        if kind == .microscopic { parameters.append(("site", .number(Double(start + 1)))) }
        if let xi { parameters.append(("xi", .number(xi))) }
        return EnsembleJob(
            solver: "master", parameters: parameters, times: times, layout: layout, realizations: realizations, noiseRealizations: nil,
            cost: MasterSolver.cost(length: l, noisySites: try chain.noise.sites(length: l).count, layout: layout),
            body: { r in
                let rates = kind == .ansatz
                    ? MasterRates.ansatz(length: l, xi: xi!, c: prefactors[0])
                    : MasterRates.microscopic(chain: try chain.chain(length: l, realization: r), prefactors: prefactors, start: start)
                var obs = try MasterSolver(rates: rates).run(times: times, realization: r)
                if collapse, let xi, case .scalar(let rms)? = obs["rms_displacement"] {
                    obs["rms_displacement_over_xi"] = .scalar(rms.map { $0 / xi })
                    obs["xi_times_t"] = .scalar(times.map { $0 * xi })
                }
                var stats = RunningStatistics(dimension: layout.dimension)
                stats.add(layout.flatten(obs))
                return stats
            })
    }
}
