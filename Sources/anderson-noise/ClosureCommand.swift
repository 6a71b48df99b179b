import AndersonNoise
import ArgumentParser
import Foundation

extension ClosureSolver.Scheme: ExpressibleByArgument {}

struct ClosureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "closure",
        abstract: "Exact noise-averaged single-particle equation for rho_s (no sampling, any L).",
        discussion: """
            d rho_s/dt = +i[h, rho_s] - Gamma o rho_s, Gamma_ij = (g_i + g_j)/2 for i != j (g_i the noise \
            strength on site i, 0 on a quiet one; one noisy site: (gamma/2) M o rho_s). --scheme exact: continuous time, error below \
            --tolerance; --scheme lie|strang: the exact noise average of that discrete scheme at --dt \
            (output times are rounded to multiples of dt). Errors are over disorder realizations.
            """
    )

    @OptionGroup var chain: ChainOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var selection: ObservableOptions
    @OptionGroup var ensemble: EnsembleOptions
    @OptionGroup var io: RunOptions

    @Option(help: "exact | lie | strang.")
    var scheme: ClosureSolver.Scheme = .exact

    @Option(help: "Time step of the lie/strang schemes (> 0).")
    var dt: Double = 0.1

    @Option(help: "Error tolerance of the exact scheme, [1e-14, 1e-3].")
    var tolerance: Double = 1e-10

    var kind: InitialKind { state.initial ?? .ground }

    func validate() throws {
        _ = try checkSolverOptions(
            chain: chain, state: state, kind: kind, allowed: [.ground, .product, .excitation], time: time, io: io,
            ensemble: ensemble, realizations: chain.realizationCount, defaultLength: 100, maxLength: 4000)
        guard dt.isFinite && dt > 0 && dt <= 10 else { throw ValidationError("--dt \(dt): allowed (0, 10]") }
        guard tolerance >= 1e-14 && tolerance <= 1e-3 else {
            throw ValidationError("--tolerance \(tolerance): allowed [1e-14, 1e-3] (double-precision round-off alone exceeds smaller ones)")
        }
        _ = try selection.selection(allowed: ClosureSolver.observableNames)
        try EnsembleRun.checkCost(try job(), threads: ensemble.threadCount, shard: try ensemble.parsedShard())
    }

    func job() throws -> EnsembleJob {
        try Self.job(
            chain: chain, state: state, kind: kind, times: time.grid(start: dt), scheme: scheme, dt: dt, tolerance: tolerance,
            observables: selection.selection(allowed: ClosureSolver.observableNames))
    }

    func run() throws {
        try EnsembleRun.execute(try job(), ensemble: ensemble, run: io)
    }

    /// The ensemble job of a closure run (also used by `figure`).
    static func job(
        chain: ChainOptions, state: StateOptions, kind: InitialKind, times requested: [Double], scheme: ClosureSolver.Scheme,
        dt: Double, tolerance: Double, observables: Set<String>?
    ) throws -> EnsembleJob {
        let l = try chain.resolvedLength(default: 100)
        let times = scheme == .exact ? requested : TimeGrid.snapped(requested, to: dt)
        let solver = ClosureSolver(options: .init(scheme: scheme, dt: dt, tolerance: tolerance, observables: observables))
        let initial0 = try state.state(kind: kind, length: l, seed: chain.seed, realization: 0)
        let layout = solver.layout(length: l, initial: initial0, times: times.count)
        try ObservableOptions.checkProduced(observables, by: layout, initial: kind)
        var parameters = try chain.parameters(length: l) + state.parameters(kind: kind, length: l)
        parameters += [("scheme", .string(scheme.rawValue)), ("dt", .number(dt)), ("tolerance", .number(tolerance))]
        if chain.realizationCount == 1 && chain.potential == nil {
            parameters.append(("potentials_used", .numbers(try chain.chain(length: l, realization: 0).potentials)))
        }
        return EnsembleJob(
            solver: "closure", parameters: parameters, times: times, layout: layout, realizations: chain.realizationCount,
            noiseRealizations: nil,
            cost: solver.cost(
                length: l, noisySites: try chain.noise.sites(length: l).count, spectralWidth: try chain.spectralWidth(),
                gamma: try chain.totalGamma(length: l), layout: layout, lastTime: times.last ?? 0),
            body: { r in
                let c = try chain.chain(length: l, realization: r)
                let initial = try state.state(kind: kind, length: l, seed: chain.seed, realization: r)
                var stats = RunningStatistics(dimension: layout.dimension)
                stats.add(layout.flatten(try solver.run(chain: c, initial: initial, times: times, realization: r)))
                return stats
            })
    }
}
