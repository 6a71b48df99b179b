import AndersonNoise
import ArgumentParser
import Foundation

/// The options of a planned `trajectories` run, as `validate` takes them for the preflight:
/// the same option groups and checks as `trajectories` (run-directory options aside).
struct PlanOptions: ParsableArguments {
    @OptionGroup var chain: ChainOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var selection: ObservableOptions
    @OptionGroup var stepping: TrajectoryStepOptions

    var kind: InitialKind { state.initial ?? .product }

    func validate() throws {
        let l = try chain.resolvedLength(default: 100)
        try chain.check(length: l, maxLength: 100_000)
        try state.check(length: l, kind: kind, allowed: [.ground, .product, .excitation])
        try time.check()
        try stepping.check()
        _ = try selection.selection(allowed: TrajectorySolver.observableNames)
        // The preflight runs pieces of the planned run at its size (pilot trajectories, the exact
        // scheme average at its L): a run that cannot fit or finish is refused as `trajectories`
        // refuses it, before any check runs.
        let job = try TrajectoriesCommand.job(
            chain: chain, state: state, kind: kind, times: time.grid(start: stepping.dt), scheme: stepping.scheme, dt: stepping.dt,
            noiseRealizations: stepping.noiseRealizations, observables: selection.selection(allowed: TrajectorySolver.observableNames))
        try EnsembleRun.checkCost(job, threads: ProcessInfo.processInfo.activeProcessorCount, shard: (1, 1))
    }

    /// The preflight's own work must fit and finish in one go (it cannot be resumed): the
    /// pilot's R x M trajectories, each also at dt/2 (three times one trajectory's steps), and
    /// the exact closure and exact scheme average at the run's L for `sample` realizations (and
    /// at dt/2, dt/4 once more: counted as six more), each as that closure run would cost.
    func checkPreflightCost(pilot: (realizations: Int, noise: Int), sample: Int, tolerance: Double, threads: Int) throws {
        let times = try time.grid(start: stepping.dt)
        let trajectories = try TrajectoriesCommand.job(
            chain: chain, state: state, kind: kind, times: times, scheme: stepping.scheme, dt: stepping.dt,
            noiseRealizations: 3 * pilot.noise, observables: selection.selection(allowed: TrajectorySolver.observableNames))
        let closures = try [ClosureSolver.Scheme.exact, stepping.scheme == .lie ? .lie : .strang].map { scheme in
            try ClosureCommand.job(
                chain: chain, state: state, kind: kind, times: times, scheme: scheme, dt: stepping.dt, tolerance: tolerance, observables: nil)
        }
        for (job, count, option) in [(trajectories, pilot.realizations, "--pilot"), (closures[0], sample + 6, "--sample"), (closures[1], sample + 6, "--sample")] {
            let workers = max(1, min(threads, count))
            do { try job.cost.check(workers: workers, memoryOptions: "\(option)/--length/--threads") } catch let e as InputError {
                throw ValidationError("the preflight: \(e.description)")
            }
            let days = Double(count) * job.cost.operations / RunCost.assumedRate / Double(workers) / 86_400
            guard days <= 30 else {
                throw ValidationError(String(
                    format: "%@ and the run's size: the preflight needs about %.3g days of %d thread(s) at 1e10 operations/s; allowed at most 30 days (it cannot be resumed)",
                    option, days, workers))
            }
        }
    }

    /// The plan, exactly as `trajectories` with these options would run it.
    func plan() throws -> PreflightPlan {
        let l = try chain.resolvedLength(default: 100)
        let n = try state.particleCount(length: l)
        let planState: PreflightPlan.State
        switch kind {
        case .ground: planState = .ground(particles: n)
        case .product: planState = .product(particles: n, occupations: try state.parsedOccupations())
        case .excitation: planState = .excitation(site: (state.site ?? l / 2) - 1)
        }
        let sites = try chain.noise.sites(length: l), gammas = try chain.noise.gammas(count: sites.count)
        guard sites.count == 1 else {
            throw ValidationError("--noise-site \(sites.map { String($0 + 1) }.joined(separator: ",")): the preflight supports one noisy site so far; allowed one site")
        }
        return PreflightPlan(
            length: l, hopping: chain.hopping, disorder: chain.disorder, gamma: gammas[0],
            noiseSite: sites[0], potentials: try chain.explicitPotentials(), seed: chain.seed,
            realizations: chain.realizationCount, noiseRealizations: stepping.noiseRealizations, state: planState,
            times: TimeGrid.snapped(try time.grid(start: stepping.dt), to: stepping.dt), scheme: stepping.scheme,
            dt: stepping.dt, observables: try selection.selection(allowed: TrajectorySolver.observableNames))
    }

    /// Parses the run's options; a bad one is a usage error (exit 64) naming it.
    static func parsing(_ arguments: [String]) throws -> PlanOptions {
        do {
            return try parse(arguments)
        } catch {
            throw ValidationError(message(for: error))
        }
    }

    /// The options that reproduce the run recorded in a run directory (or its run.json).
    static func arguments(forRun path: String) throws -> [String] {
        let directory = path.hasSuffix(RunDirectory.manifestName) ? (path as NSString).deletingLastPathComponent : path
        let identity: EnsembleIdentity
        do {
            identity = try EnsembleIdentity(validating: try RunDirectory(path: directory.isEmpty ? "." : directory).readManifest().identity)
        } catch {
            throw ValidationError("--for \(path): \(error)")
        }
        guard identity.solver == "trajectories" else {
            throw ValidationError("--for \(path): a \(identity.solver) run; the preflight is for trajectories runs")
        }
        func text(_ v: JSONValue) -> String {
            if let s = v.stringValue { return s }
            if let x = v.doubleValue { return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)" }
            return (v.flattenedNumbers ?? []).map { text(.number($0)) }.joined(separator: ",")
        }
        let options: [(key: String, option: String)] = [
            ("length", "--length"), ("hopping", "--hopping"), ("disorder", "--disorder"), ("gamma", "--gamma"),
            ("noise_site", "--noise-site"), ("seed", "--seed"), ("realizations", "--realizations"), ("potential", "--potential"),
            ("initial", "--initial"), ("particles", "--particles"), ("site", "--site"), ("occupations", "--occupations"),
            ("scheme", "--scheme"), ("dt", "--dt"), ("noise_realizations", "--noise-realizations"),
        ]
        var args: [String] = []
        for (key, option) in options {
            if let v = identity.parameters.first(where: { $0.0 == key })?.1 { args += [option, text(v)] }
        }
        args += ["--times", text(.numbers(identity.times))]
        args += ["--observables", identity.layout.entries.map(\.name).joined(separator: ",")]
        return args
    }
}

/// `validate` with the options of a planned run: the preflight, printed as the table.
enum ValidatePreflight {
    static func run(plan: PreflightPlan, settings: PreflightSettings, quiet: Bool) throws -> ValidationReport {
        let start = Date()
        let report = try exitOnInvariant {
            try Preflight(plan: plan, settings: settings).run { stage in
                if !quiet { FileHandle.standardError.write(Data("preflight: \(stage)...\n".utf8)) }
            }
        }
        let nameWidth = max(report.rows.map(\.name.count).max() ?? 0, 5)
        print(ValidationReport.header(nameWidth: nameWidth))
        for row in report.rows { print(ValidationReport.line(row, nameWidth: nameWidth)) }
        return ValidationReport(
            rows: report.rows, seconds: Date().timeIntervalSince(start), preflight: report.json(plan: plan, settings: settings))
    }
}
