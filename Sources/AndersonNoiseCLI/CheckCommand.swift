import AndersonNoise
import ArgumentParser
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a result of your own code against the exact reference for its physics.",
        discussion: """
            FILE is a CSV (header time, then energy, absorbed_energy, rms_width, \
            rms_displacement, purity, entropy_vn, density[i] with 1-based sites, each \
            optionally with <column>_stderr) or JSON (times, observables, optional samples), \
            one row per output time. The physics is given with the solvers' options (--length \
            --potential --hopping --gamma --noise-site --noise-spacing --initial --occupations \
            --particles --site; --disorder with --seed and --realizations for an ensemble drawn \
            as this project draws it) or --parameters FILE.json (a run.json, result.json or a \
            reference case.json). The reference is the exact noise average (the closure; \
            lindblad for purity and entropy_vn) or with --against scheme --scheme lie|strang|paper \
            --dt DT the exact noise average of that discrete scheme. With _stderr columns give \
            the number of independent samples (--samples N, or --noise-realizations M for M \
            trajectories per chain of the ensemble): the test is compare's family-wise Student-t \
            test, INCONCLUSIVE (exit 2) when nu < 3; without them every point must agree to \
            --tolerance x the observable's largest |value|. Prints per observable the worst \
            point, |a - b|, z or |a - b|/e and the smallest detectable difference. Exit 0 \
            agree, 1 disagree, 2 inconclusive, 64 bad input (naming the option, column or row; \
            nothing written).
            """
    )

    @Argument(
        help: """
            The result to check (required; allowed a CSV or JSON file in the check format, or a \
            result.h5).
            """)
    var file: String

    @OptionGroup var chain: ChainOptions
    @OptionGroup var state: StateOptions

    @Option(
        help:
            """
            The physics from a file (default: none, from the options; allowed a run.json, \
            result.json, result.h5 or reference case.json path).
            """
    )
    var parameters: String?

    @Option(
        help:
            """
            What the result is checked against (default: from --parameters, else exact; \
            allowed exact, the continuous-time noise average | scheme, of --scheme at --dt).
            """
    )
    var against: String?

    @Option(
        help:
            """
            With --against scheme: the scheme of the checked code (default: none, required \
            there; allowed lie | strang | paper).
            """
    )
    var scheme: Scheme?

    @Option(
        help:
            """
            With --against scheme: the time step of the checked code (default: none, required \
            there; allowed \(RunLimits.dt)).
            """
    )
    var dt: Double?

    @Option(
        help:
            """
            Independent samples behind the _stderr columns, one level (default: none; allowed \
            >= 1).
            """
    )
    var samples: Int?

    @Option(
        help:
            """
            Noise realizations per chain behind the _stderr columns, two levels (default: \
            none; allowed >= 1).
            """
    )
    var noiseRealizations: Int?

    @Option(
        help: """
            Relative allowance of the comparison where the file has no standard errors (not a \
            solver's error tolerance): e = tolerance * max |x| (allowed >= 0).
            """)
    var tolerance: Double = CodeCheck.defaultTolerance

    @Option(help: "Probability that a correct result agrees (allowed (0, 1)).")
    var confidence: Double = 0.999

    @Option(
        help:
            """
            Write an SVG of both series and the score per time (default: none; allowed a file \
            path).
            """
    )
    var plot: String?

    @Option(
        help:
            """
            Write the verdict, threshold, power and worst points as JSON (default: none; \
            allowed a file path).
            """
    )
    var output: String?

    @Option(
        help:
            """
            Write a JUnit XML report, one test case per observable (default: none; allowed a \
            file path).
            """
    )
    var junit: String?

    func validate() throws {
        try mappingErrors {
            try ResultComparison.validate(
                tolerance: tolerance, confidence: confidence, sigma: nil, sameSeeds: false)
            for (path, option) in [(output, "--output"), (plot, "--plot"), (junit, "--junit")] {
                if let path { try OutputPath.check(path, option: option, kind: .file) }
            }
        }
        if samples != nil && noiseRealizations != nil {
            throw ValidationError(
                "--samples: not with --noise-realizations (give one level or two)")
        }
        if parameters != nil {
            // Options with a default are caught when they differ from it (a default given
            // explicitly says nothing the file does not).
            let given: [(String, Bool)] = [
                ("--hopping", chain.hopping != 1), ("--disorder", chain.disorder != 1),
                ("--seed", chain.seed != 1), ("--gamma", chain.noise.gamma != "1"),
                ("--length", chain.length != nil), ("--potential", chain.potential != nil),
                ("--noise-site", chain.noise.noiseSite != nil),
                ("--noise-spacing", chain.noise.noiseSpacing != nil),
                ("--realizations", chain.realizations != nil), ("--initial", state.initial != nil),
                ("--particles", state.particles != nil),
                ("--occupations", state.occupations != nil), ("--site", state.site != nil),
            ]
            if let (option, _) = given.first(where: \.1) {
                throw ValidationError(
                    "\(option): not with --parameters (the file gives the physics)")
            }
        }
    }

    /// The reference the options name (nil: the case file's, else exact).
    func reference() throws -> CheckReference? {
        switch against {
        case nil, "exact":
            if scheme != nil || dt != nil {
                throw ValidationError("--scheme/--dt: only with --against scheme")
            }
            return against == nil ? nil : .exact
        case "scheme":
            guard let scheme, scheme != .exact else {
                throw ValidationError("--against scheme: give --scheme lie, strang or paper")
            }
            guard let dt else { throw ValidationError("--against scheme: give --dt") }
            guard dt > 0 && dt <= 10 else {
                throw ValidationError("--dt \(dt): allowed \(RunLimits.dt)")
            }
            return .scheme(scheme, dt: dt)
        case let other?:
            throw ValidationError("--against \(other): allowed exact, scheme")
        }
    }

    /// The physics: from --parameters, or from the chain and state options.
    func physics() throws -> (RunSpec, CheckReference?) {
        if let parameters {
            return try mappingErrors { try CheckParameters.read(path: parameters) }
        }
        let l = try chain.resolvedLength(default: nil)
        let c = try chain.spec(length: l)
        let kind = state.initial ?? .ground
        try state.check(kind: kind)
        let spec = RunSpec(
            chain: c, initial: try state.spec(kind: kind, chain: c),
            times: [], solver: .closure(scheme: .exact, dt: 0.1, tolerance: 1e-12))
        return (spec, nil)
    }

    func run() throws {
        let explicit = try reference()
        let (spec, named) = try physics()
        let counts =
            samples.map(SampleCounts.init(samples:))
            ?? noiseRealizations.map {
                SampleCounts(disorderRealizations: spec.chain.realizations, noiseRealizations: $0)
            }
        let check = try mappingErrors {
            let table =
                HDF5Result.isHDF5(path: file)
                ? try CheckTable.parse(
                    document: HDF5Result.document(path: file, option: "FILE"), name: file)
                : try CheckTable.read(path: file)
            let counts = counts ?? table.samples.map(SampleCounts.init(samples:))
            return try CodeCheck(
                table: table, spec: spec, against: explicit ?? named ?? .exact, samples: counts,
                tolerance: tolerance, confidence: confidence,
                threads: ProcessInfo.processInfo.activeProcessorCount)
        }
        let c = check.comparison
        print("check \(file) against the reference (\(check.method.rawValue))")
        for p in c.problems { print("problem: \(p)") }
        if let k = c.threshold, let nu = c.degreesOfFreedom {
            print(
                "stochastic points: \(c.stochasticPoints), z threshold "
                    + "\(String(format: "%.3f", k)) (family-wise at confidence \(confidence), "
                    + "nu = \(Int(nu)))")
        }
        func pad(_ s: String, _ n: Int) -> String {
            s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
        }
        print(
            pad("observable", 18) + pad("worst point", 16) + pad("time", 11) + pad("|a-b|", 11)
                + pad("measure", 22) + "detectable")
        for row in check.rows {
            let w = row.worst
            let measure =
                (w.byZ ? "z=" : "|a-b|/e=") + String(format: "%.3g", w.measure)
                + " (<= " + String(format: "%.3g", w.limit) + ")"
            print(
                pad(row.observable, 18) + pad(w.name, 16) + pad(String(format: "%g", w.time), 11)
                    + pad(String(format: "%.3g", abs(w.a - w.b)), 11) + pad(measure, 22)
                    + (row.detectable.map { String(format: "%.3g", $0) } ?? "-"))
        }
        if let plot {
            try FileOutput.write(
                ComparisonPlot.svg(
                    c, check.submitted, check.reference,
                    labels: ("\(file) (submitted)", "reference (\(check.method.rawValue))")),
                toFile: plot)
        }
        if let output { try FileOutput.write(check.json(file: file).serialized(), toFile: output) }
        if let junit { try FileOutput.write(check.junit, toFile: junit) }
        switch c.verdict {
        case .agree: print("AGREE")
        case .disagree:
            print("DISAGREE")
            throw ExitCode(1)
        case .inconclusive:
            print("INCONCLUSIVE: \(c.inconclusive!)")
            throw ExitCode(2)
        }
    }
}
