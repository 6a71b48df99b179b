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
    }

    /// The planned run, exactly as `trajectories` with these options would run it.
    func spec() throws -> RunSpec {
        let l = try chain.resolvedLength(default: 100)
        let solver = SolverSpec.trajectories(scheme: stepping.scheme, dt: stepping.dt, noiseRealizations: stepping.noiseRealizations)
        return RunSpec(
            chain: try chain.spec(length: l), initial: try state.spec(kind: kind, length: l), times: try time.times(for: solver),
            solver: solver, observables: try selection.selection(allowed: TrajectorySolver.observables))
    }

    /// Parses the run's options; a bad one is a usage error (exit 64) naming it.
    static func parsing(_ arguments: [String]) throws -> PlanOptions {
        do {
            return try parse(arguments)
        } catch {
            throw ValidationError(message(for: error))
        }
    }
}

/// The run a preflight checks: read from a run directory (or its run.json) as its `RunSpec`.
enum PlannedRun {
    static func spec(forRun path: String) throws -> RunSpec {
        let directory = path.hasSuffix(RunDirectory.manifestName) ? (path as NSString).deletingLastPathComponent : path
        do {
            let identity = try EnsembleIdentity(
                validating: try RunDirectory(path: directory.isEmpty ? "." : directory).readManifest().identity)
            return try RunSpec(
                solver: identity.solver, parameters: .object(identity.parameters), times: identity.times,
                observables: identity.layout.entries.map(\.observable))
        } catch {
            throw ValidationError("--for \(path): \(error)")
        }
    }

    /// Refuses a planned run that cannot fit or finish, and a preflight whose own work cannot
    /// (it cannot be resumed): the run as `trajectories` refuses it; the pilot's R x M
    /// trajectories, each also at dt/2 (three times one trajectory's steps); and the exact
    /// closure and exact scheme average at the run's L for `sample` realizations (and at dt/2,
    /// dt/4 once more: counted as six more), each as that closure run would cost.
    static func checkCost(_ spec: RunSpec, pilot: (realizations: Int, noise: Int), sample: Int, tolerance: Double, threads: Int) throws {
        guard case .trajectories(let scheme, let dt, _) = spec.solver else { return }
        try mappingErrors { try EnsembleRun.checkCost(try EnsembleJob(spec), threads: threads, shard: (1, 1)) }
        var pilotRun = spec
        pilotRun.solver = .trajectories(scheme: scheme, dt: dt, noiseRealizations: 3 * pilot.noise)
        let closures = [Scheme.exact, scheme == .lie ? .lie : .strang].map { s -> RunSpec in
            var closure = spec
            closure.solver = .closure(scheme: s, dt: dt, tolerance: tolerance)
            closure.observables = nil
            return closure
        }
        let jobs = try mappingErrors { try ([pilotRun] + closures).map { try EnsembleJob($0) } }
        for (job, count, option) in [(jobs[0], pilot.realizations, "--pilot"), (jobs[1], sample + 6, "--sample"), (jobs[2], sample + 6, "--sample")] {
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
}

/// `validate` with the options of a planned run: the preflight, printed as the table.
enum ValidatePreflight {
    static func run(plan: PreflightPlan, settings: PreflightSettings, quiet: Bool) throws -> ValidationReport {
        let start = Date()
        let report = try mappingErrors {
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
