import AndersonNoise
import ArgumentParser
import Foundation

struct FigureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figure",
        abstract:
            """
            Reproduce a figure of the paper (1-4; 5 goes beyond it; or all), every panel, at the \
            paper's parameters.
            """,
        discussion: """
            Writes figure.json, one run directory per curve (resumable: run the same command \
            again, \
            or with --resume, to continue; shardable with --shard I/N and `merge`), and per panel \
            panel-<id>.json, .csv and .svg. --quick scales every panel down: 1 to 10 s of CPU \
            time a figure (figure 5, the longest, about 10 s; all five about 20 s).
            """
    )

    @Argument(help: "The figure (required; allowed 1, 2, 3, 4, 5 or all).")
    var which: String

    @Flag(help: "Scaled-down sizes, statistics and times.")
    var quick = false

    @Option(
        help:
            """
            Output directory (default: figures/figure-N, or figures/ for all; allowed a \
            directory path).
            """
    )
    var output: String?

    @OptionGroup var ensemble: EnsembleOptions

    @Flag(help: "No progress on stderr.")
    var quiet = false

    var numbers: [Int] { which == "all" ? [1, 2, 3, 4, 5] : [Int(which)!] }

    func validate() throws {
        guard which == "all" || ["1", "2", "3", "4", "5"].contains(which) else {
            throw ValidationError("figure \(which): allowed 1, 2, 3, 4, 5 or all")
        }
        let shard = try ensemble.parsedShard()
        if ensemble.dryRun && ensemble.planOnly {
            throw ValidationError("--plan-only: not with --dry-run (give one of them)")
        }
        if let t = ensemble.threads, !threadRange.contains(t) {
            throw ValidationError("--threads \(t): allowed \(RunLimits.text(threadRange))")
        }
        if shard.count > 4 {
            throw ValidationError(
                "--shard \(ensemble.shard): figures have at least 4 realizations per curve "
                    + "in --quick; allowed N <= 4"
            )
        }
        if let output {
            try mappingErrors { try OutputPath.check(output, option: "--output", kind: .directory) }
        }
        for n in numbers {
            try mappingErrors {
                try FigureSpecs.checkCost(
                    n, quick: quick, threads: ensemble.threadCount, shard: shard)
            }
        }
    }

    /// The figure's runs and panels (Fig. 5 with xi_noise(W) from `localization`).
    func spec(_ n: Int) throws -> FigureSpec {
        n == 5
            ? FigureSpecs.figure5(
                quick, xi: try FigureSpecs.localizationLengths(quick, threads: ensemble.threadCount)
            )
            : FigureSpecs.figure(n, quick: quick)
    }

    func base(_ n: Int) -> String {
        output.map { which == "all" ? "\($0)/figure-\(n)" : $0 } ?? "figures/figure-\(n)"
    }

    func run() throws {
        let shard = try ensemble.parsedShard()
        let specs = try Dictionary(uniqueKeysWithValues: numbers.map { ($0, try spec($0)) })
        try mappingErrors {
            for n in numbers {
                try specs[n]!.checkExistingRuns(in: base(n), figure: n, shard: shard)
            }
            if ensemble.dryRun {
                print("dry run: figure \(which): every check passed, nothing written")
                return
            }
            if ensemble.planOnly {
                for n in numbers {
                    let files = try specs[n]!.plan(
                        in: base(n), figure: n, threads: ensemble.threadCount, shard: shard)
                    print(
                        "plan only: figure \(n): wrote \(base(n))/figure.json and \(files.count) "
                            + "run.json; nothing computed: run the same command to compute it")
                }
                return
            }
            for n in numbers {
                try specs[n]!.execute(
                    in: base(n), figure: n, threads: ensemble.threadCount, shard: shard,
                    progress: {
                        StderrProgress(
                            label: $0.spec.solver.name.rawValue, quiet: quiet,
                            forced: ensemble.progress)
                    },
                    log: { if !quiet { StandardError.write($0 + "\n") } })
            }
        }
    }
}
