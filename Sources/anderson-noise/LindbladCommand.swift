import AndersonNoise
import ArgumentParser
import Foundation

struct LindbladCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lindblad",
        abstract: "Exact many-body Lindblad equation (paper eq. 4) in one particle-number sector.",
        discussion: """
            d rho/dt = -i[H_A, rho] + sum_s gamma_s (n_s rho n_s - {n_s, rho}/2) over the noisy sites s, dense rho of dimension C(L, N), \
            propagated by an error-controlled Taylor method (--tolerance bounds the Frobenius-norm error). \
            --length is required; a sector that does not fit in memory is refused. Default: one disorder \
            realization (this is the exact oracle; --realizations R averages R of them).
            """
    )

    @OptionGroup var chain: ChainOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var selection: ObservableOptions
    @OptionGroup var ensemble: EnsembleOptions
    @OptionGroup var io: RunOptions

    @Option(help: "Error tolerance of the propagation, [1e-14, 1e-3].")
    var tolerance: Double = 1e-10

    var kind: InitialKind { state.initial ?? .ground }
    var realizations: Int { chain.realizations ?? 1 }

    func validate() throws {
        let l = try checkSolverOptions(
            chain: chain, state: state, kind: kind, allowed: [.ground, .product], time: time, io: io, ensemble: ensemble,
            realizations: realizations, defaultLength: nil, maxLength: 62)
        guard tolerance >= 1e-14 && tolerance <= 1e-3 else {
            throw ValidationError("--tolerance \(tolerance): allowed [1e-14, 1e-3] (double-precision round-off alone exceeds smaller ones)")
        }
        let selected = try selection.selection(allowed: LindbladSolver.observableNames)
        let n = try state.particleCount(length: l)
        let d = FockSector.dimension(length: l, particles: n)
        let entropy = selected?.contains("entropy_vn") ?? (d <= LindbladSolver.defaultEntropyDimension)
        do { try LindbladSolver.checkMemory(length: l, particles: n, entropy: entropy) } catch let e as InputError {
            throw ValidationError(e.description)
        }
        try EnsembleRun.checkCost(try job(), threads: ensemble.threadCount, shard: try ensemble.parsedShard())
    }

    func run() throws {
        try EnsembleRun.execute(try job(), ensemble: ensemble, run: io)
    }

    func job() throws -> EnsembleJob {
        let l = try chain.resolvedLength(default: nil)
        let n = try state.particleCount(length: l)
        let times = try time.grid()
        let r = realizations
        let solver = LindbladSolver(options: .init(
            tolerance: tolerance, observables: try selection.selection(allowed: LindbladSolver.observableNames),
            threads: r == 1 ? ensemble.threadCount : 1))
        let d = FockSector.dimension(length: l, particles: n)
        let layout = ObservableLayout(times: times.count, entries: LindbladSolver.observableNames.compactMap { name in
            guard solver.wants(name, dimension: d) else { return nil }
            switch name {
            case "density": return (name, .vector(l))
            case "rho_s": return (name, .complexMatrix(l))
            case "nn": return (name, .matrix(l))
            default: return (name, .scalar)
            }
        })
        var parameters = try chain.parameters(length: l, realizations: r) + state.parameters(kind: kind, length: l)
        parameters.append(("tolerance", .number(tolerance)))
        parameters.append(("method", .string("Taylor series with rigorous truncation bound, shared TaylorPropagator")))
        if r == 1 && chain.potential == nil {
            parameters.append(("potentials_used", .numbers(try chain.chain(length: l, realization: 0).potentials)))
        }
        let chainOptions = chain, stateOptions = state, kind = kind
        let cost = LindbladSolver.cost(
            length: l, particles: n, noisySites: try chain.noise.sites(length: l).count, spectralWidth: try chain.spectralWidth(),
            gamma: try chain.totalGamma(length: l), tolerance: tolerance,
            entropy: solver.wants("entropy_vn", dimension: d), layout: layout, lastTime: times.last ?? 0)
        return EnsembleJob(
            solver: "lindblad", parameters: parameters, times: times, layout: layout, realizations: r,
            noiseRealizations: nil, cost: cost,
            body: { realization in
                let c = try chainOptions.chain(length: l, realization: realization)
                let initial = try stateOptions.state(kind: kind, length: l, seed: chainOptions.seed, realization: realization)
                let out = try solver.run(chain: c, initial: initial, times: times, realization: realization)
                var stats = RunningStatistics(dimension: layout.dimension)
                stats.add(layout.flatten(out.observables))
                return stats
            })
    }
}
