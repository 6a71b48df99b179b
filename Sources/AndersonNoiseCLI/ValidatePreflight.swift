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
            solver: solver, observables: try selection.selection(allowed: TrajectorySolver.observableNames))
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
