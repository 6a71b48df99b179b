import AndersonNoise
import ArgumentParser
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two results of the same physics, from the same or different solvers.",
        discussion: """
            A and B may come from any two solvers (trajectories vs lindblad or closure, closure \
            vs lindblad, master vs closure populations): they must describe the same physics \
            (chain, noise, initial state, times; else exit 64 naming the parameter), while \
            seeds, realizations, scheme and dt may differ. Observables both have are compared; \
            trace (Tr rho or Tr rho_s) and the master equation's R only between results of the \
            same solver. Series with standard errors (on either side) are compared by \
            z = |a - b| / sqrt(se_a^2 + se_b^2 + e^2), the others by |a - b| <= e, with the \
            round-off allowance e = tolerance * max |x| of the observable in both files. The z \
            threshold is family-wise: the two-sided Student-t quantile at (1 - confidence) / n \
            for n stochastic points, with the smaller of the two results' degrees of freedom \
            (R - 1 disorder realizations, or M - 1 noise realizations of one), so two correct \
            independent runs agree with probability >= confidence. A side with standard errors \
            must record whole sample counts giving nu >= 3: otherwise no test has power and the \
            verdict is INCONCLUSIVE (exit 2). One chain (explicit potentials or one realization) \
            in a random product state starts from the occupations it drew from its seed \
            (recorded as drawn_occupations): two such runs must have drawn the same. Prints, per \
            observable, the smallest difference the test could detect, and the worst points, \
            named with 1-based sites: density(5), nn(4,5), rho_s(4,5).re and .im. --same-seeds \
            compares every number (standard errors too) by the allowance alone: for a rerun of \
            the same command. --output FILE.json writes the verdict (not for other physics) as \
            an object: schema, a, b, mode, verdict (agree, disagree, inconclusive), \
            inconclusive (the reason, or null), problems, tolerance, confidence and sigma (the \
            one in use, the other null), threshold, degrees_of_freedom, stochastic_points, \
            compared, not_compared, observables (per observable: observable, by z or \
            allowance, detectable = threshold x combined standard error, median over its \
            points, null for allowance; worst_measure, limit) and worst (the worst points: \
            observable, point, time, a, b, by, measure, limit); a number that is not finite is \
            null. Exit 0 when the results agree, 1 when they do not, 2 when inconclusive, 64 \
            on unreadable input or other physics.
            """
    )

    @Argument(help: "First result (required; allowed a run directory, result.json or result.h5).")
    var a: String

    @Argument(help: "Second result (required; allowed a run directory, result.json or result.h5).")
    var b: String

    @Option(
        help: """
            Relative round-off allowance of the comparison (not a solver's error tolerance): \
            e = tolerance * max |x| of the observable (allowed >= 0).
            """)
    var tolerance: Double = 1e-8

    @Option(help: "Probability that two correct independent results agree (allowed (0, 1)).")
    var confidence: Double = 0.999

    @Option(
        help:
            """
            A fixed per-point z threshold (default: none, the family-wise one from \
            --confidence; allowed > 0).
            """
    )
    var sigma: Double?

    @Flag(help: "The results come from the same seeds: every number must agree to the allowance.")
    var sameSeeds = false

    @Option(
        help:
            """
            Write an SVG of both series with error bands and the score per time beneath \
            (default: none; allowed a file path).
            """
    )
    var plot: String?

    @Option(
        help:
            """
            Write the verdict, its threshold and power, and the worst points as JSON (default: \
            none; allowed a file path).
            """
    )
    var output: String?

    func validate() throws {
        try mappingErrors {
            try ResultComparison.validate(
                tolerance: tolerance, confidence: confidence, sigma: sigma, sameSeeds: sameSeeds)
            if let output { try OutputPath.check(output, option: "--output", kind: .file) }
        }
    }

    func run() throws {
        let (ja, jb) = try mappingErrors {
            (try ResultComparison.load(a), try ResultComparison.load(b))
        }
        let c = ResultComparison(
            ja, jb, tolerance: tolerance,
            mode: sameSeeds ? .sameSeeds : .independent(confidence: confidence), sigma: sigma)
        if let m = c.physicsMismatch {
            throw ValidationError("compare \(a) \(b): not the same physics: \(m)")
        }
        for p in c.problems { print("problem: \(p)") }
        print("compared: \(c.compared.joined(separator: ", "))")
        if !c.notCompared.isEmpty {
            print(
                "not compared (missing or different shape): "
                    + "\(c.notCompared.joined(separator: ", "))"
            )
        }
        if let k = c.threshold, let nu = c.degreesOfFreedom {
            let how = sigma == nil ? "family-wise at confidence \(confidence)" : "fixed by --sigma"
            print(
                "stochastic points: \(c.stochasticPoints), z threshold "
                    + "\(String(format: "%.3f", k)) (\(how), nu = \(Int(nu)))"
            )
        }
        print("worst points:")
        for p in c.worst {
            let what =
                p.byZ
                ? "z=\(p.measure) (<= \(String(format: "%.3f", p.limit)))"
                : "|a-b|/e=\(p.measure) (<= 1)"
            print("  \(p.name) t=\(p.time): a=\(p.a) b=\(p.b) \(what)")
        }
        if let plot {
            try FileOutput.write(
                ComparisonPlot.svg(
                    c, ja, jb,
                    labels: (
                        ComparisonPlot.legend(path: a, solver: ja["solver"]?.stringValue),
                        ComparisonPlot.legend(path: b, solver: jb["solver"]?.stringValue)
                    )
                ), toFile: plot)
        }
        for d in c.detectable {
            print(
                "power: \(d.observable): the smallest difference this test could detect is "
                    + String(format: "%.3g", d.difference)
                    + " (threshold x combined standard error, median over its points)")
        }
        if let output {
            try FileOutput.write(c.json(a: a, b: b).serialized(), toFile: output)
        }
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
