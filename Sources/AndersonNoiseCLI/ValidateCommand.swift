import AndersonNoise
import ArgumentParser
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract:
            """
            Run every solver on small default cases and every cross-check between them, or the \
            preflight of a planned run.
            """,
        discussion: """
            Prints one table (check, measured, tolerance, result); exit 0 only if all pass, 1 \
            otherwise, 64 on bad input. With the options of `trajectories` (see `anderson-noise \
            trajectories --help`), or --for DIR, it runs the preflight of that planned run \
            instead: \
            the exact checks at its physics on a small chain, the exact time-step bias at its L, \
            the \
            standard error its statistics will have, and the verdict (|bias| / planned stderr <= \
            --bias-budget at every output time). --seed alone keeps the fixed suite (its seed).
            """
    )

    /// Sites of the exact-solver cases (`--check-length`).
    static let checkLengths = 4...10

    @Flag(help: "Smaller cases and fewer samples (the fixed suite).")
    var quick = false

    @Option(
        help:
            """
            Sites of the exact-solver cases (default: 6 for the fixed suite, 8 for the \
            preflight's small chain; allowed \(RunLimits.text(Self.checkLengths))).
            """
    )
    var checkLength: Int?

    @Option(
        name: .customLong("for"),
        help:
            """
            The preflight of exactly the parameters of a trajectories run (default: none; allowed \
            a run directory, e.g. written by --plan-only, or its run.json).
            """
    )
    var forRun: String?

    @Option(
        help:
            """
            Disorder realizations of the run over which the exact bias is averaged (default: up \
            to 4, as many as keep it within 10% of the run's estimated cost; allowed \
            \(RunLimits.text(PreflightSettings.allowedSample))).
            """)
    var sample: Int?

    @Option(
        help:
            """
            Pilot trajectories RxM: the run's first R realizations, M noise realizations each \
            (allowed R, M >= 2; for one chain R blocks of M of its noise realizations, R >= 1).
            """
    )
    var pilot: String = "4x4"

    @Option(
        help: "PASS when |bias| / planned stderr <= this at every judged output time (allowed > 0)."
    )
    var biasBudget: Double = 0.5

    @Option(
        help:
            """
            Judge only the output times in FROM:TO (either may be empty: 1: judges t >= 1); \
            the others are reported, not judged (default: none, every output time; allowed a \
            window holding at least one output time).
            """
    )
    var verdictWindow: String?

    @Option(
        help:
            "Standard error wanted: report the realizations it needs (default: none; allowed > 0).")
    var targetStderr: Double?

    @Option(
        help: """
            Error tolerance of the preflight's exact closure: bound on the Frobenius-norm error \
            of rho_s, as closure's --tolerance (allowed [1e-14, 1e-4]).
            """)
    var tolerance: Double = 1e-10

    @Option(
        help:
            """
            Worker threads of the preflight (default: all cores; allowed \
            \(RunLimits.text(threadRange))).
            """
    )
    var threads: Int?

    @Option(help: "Write a JSON report to this file (default: none; allowed a file path).")
    var output: String?

    @Option(
        help:
            """
            Write a JUnit XML report to this file, one testcase per row (default: none; \
            allowed a file path).
            """
    )
    var junit: String?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @Argument(
        parsing: .allUnrecognized,
        help:
            """
            The options of the planned trajectories run (default: none, the fixed suite; \
            allowed the options of trajectories).
            """
    )
    var planArguments: [String] = []

    /// The fixed suite runs when no run option is given (`--seed` alone sets its seed).
    var fixedSuite: Bool {
        forRun == nil
            && (planArguments.isEmpty || (planArguments.count == 2 && planArguments[0] == "--seed")
                || (planArguments.count == 1 && planArguments[0].hasPrefix("--seed=")))
    }

    func validate() throws {
        if let n = checkLength, !Self.checkLengths.contains(n) {
            throw ValidationError(
                "--check-length \(n): allowed \(RunLimits.text(Self.checkLengths))")
        }
        if forRun != nil && !planArguments.isEmpty {
            throw ValidationError(
                "--for \(forRun!): give either --for DIR or the run's options, not both")
        }
        // Before any check runs (an unwritable report path used to fail only after ALL PASSED).
        for (option, path) in [("--output", output), ("--junit", junit)] {
            if let path {
                try mappingErrors { try OutputPath.check(path, option: option, kind: .file) }
            }
        }
        if fixedSuite { return }
        if quick {
            throw ValidationError("--quick: only for the fixed suite, not with a planned run")
        }
        try mappingErrors {
            let settings = try settings()
            let spec = try planSpec()
            try settings.validate(for: try PreflightPlan(spec: spec))
            try Preflight.checkCost(spec, settings: settings)
        }
    }

    func settings() throws -> PreflightSettings {
        let (r, m) = try pilotSize()
        return PreflightSettings(
            sample: sample ?? 4, pilotRealizations: r, pilotNoise: m, budget: biasBudget,
            window: try window(), targetStderr: targetStderr,
            checkLength: checkLength ?? 8, tolerance: tolerance,
            threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
            automaticSample: sample == nil)
    }

    /// `--verdict-window FROM:TO` as a range of times (an empty side is open).
    func window() throws -> ClosedRange<Double> {
        guard let text = verdictWindow else { return 0...Double.infinity }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        func bound(_ s: Substring, _ open: Double) -> Double? {
            s.trimmingCharacters(in: .whitespaces).isEmpty ? open : Double(s)
        }
        guard parts.count == 2, let from = bound(parts[0], 0),
            let to = bound(parts[1], .infinity), from.isFinite, from >= 0, !to.isNaN, from <= to
        else {
            throw ValidationError(
                "--verdict-window \(text): expected FROM:TO with 0 <= FROM <= TO (either side may "
                    + "be empty)")
        }
        return from...to
    }

    func pilotSize() throws -> (realizations: Int, noise: Int) {
        let parts = pilot.lowercased().split(separator: "x")
        guard parts.count == 2, let r = Int(parts[0]), let m = Int(parts[1]) else {
            throw ValidationError(
                "--pilot \(pilot): expected RxM with 1 <= R <= 10000 (R >= 2 unless one chain) "
                    + "and 2 <= M <= 1000000")
        }
        return (r, m)
    }

    /// The planned run: read from `--for` (held to the limits of a run: `RunSpec.validate`), or
    /// from the run's options.
    func planSpec() throws -> RunSpec {
        if let path = forRun {
            let directory =
                path.hasSuffix(RunDirectory.manifestName)
                ? (path as NSString).deletingLastPathComponent : path
            let spec: RunSpec
            do {
                spec = try RunDirectory(path: directory.isEmpty ? "." : directory).readSpec()
            } catch {
                throw ValidationError("--for \(path): \(error)")
            }
            try spec.validate()
            return spec
        }
        return try TrajectoryRunOptions.parsing(planArguments).spec()
    }

    func plan() throws -> PreflightPlan {
        try mappingErrors { try PreflightPlan(spec: planSpec()) }
    }

    func run() throws {
        let report: ValidationReport
        if fixedSuite {
            let seed =
                try planArguments.isEmpty
                ? 2024 : TrajectoryRunOptions.parsing(planArguments).chain.seed
            report = runSuite(
                ValidationSettings(quick: quick, length: checkLength ?? 6, seed: seed))
        } else {
            report = try ValidatePreflight.run(plan: plan(), settings: settings(), quiet: quiet)
        }
        // The reports first: the summary is printed only once they are written (a report
        // that cannot be written is exit 74, with no "ALL ... PASSED" before it).
        if let path = output { try FileOutput.write(report.json.serialized(), toFile: path) }
        if let path = junit { try FileOutput.write(report.junit, toFile: path) }
        print(report.summary)
        if !report.passed { throw ExitCode(1) }
    }

    /// The fixed suite, each row printed as it finishes.
    func runSuite(_ settings: ValidationSettings) -> ValidationReport {
        let checks = ValidationSuite.checks(settings)
        let nameWidth = max(checks.map(\.name.count).max() ?? 0, 5)
        print(ValidationReport.header(nameWidth: nameWidth))
        return ValidationSuite.run(
            checks,
            starting: { n in
                if !quiet {
                    StandardError.write("[\(n + 1)/\(checks.count)] \(checks[n].name)...\n")
                }
            }, finished: { print(ValidationReport.line($0, nameWidth: nameWidth)) })
    }
}
