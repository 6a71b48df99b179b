import AndersonNoise
import ArgumentParser
import Foundation

/// Worker threads a command takes (`--threads`).
let threadRange = 1...1024

/// How the realizations of an ensemble run are executed: threads, shards, resume, progress.
struct EnsembleOptions: ParsableArguments {
    @Option(
        help: """
            Worker threads; results are bit-identical for every value (default: all cores; \
            allowed \(RunLimits.text(threadRange))).
            """)
    var threads: Int?

    @Option(
        help: """
            Run only the realizations of shard I of N, e.g. 3/10 (allowed 1 <= I <= N <= the \
            realizations).
            """)
    var shard: String = "1/1"

    @Flag(help: "Continue an interrupted run in --output DIR.")
    var resume = false

    @Flag(help: "Show progress on stderr even when it is not a terminal.")
    var progress = false

    @Flag(
        help: """
            Make every check of the run (options, cost, --output and --resume) and stop: no work, \
            nothing written; exit 0 when the run would start.
            """)
    var dryRun = false

    @Flag(
        help: """
            Make the checks of --dry-run, then write the run directory --output DIR as the run \
            writes it before its first realization (run.json, empty records.bin) and stop: no \
            work. `validate --for DIR` reads it; the same command with --resume runs it.
            """)
    var planOnly = false

    var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }

    func parsedShard() throws -> (index: Int, count: Int) {
        let parts = shard.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1,
            (1...n).contains(i)
        else {
            throw ValidationError("--shard \(shard): expected I/N with 1 <= I <= N")
        }
        return (i, n)
    }

    /// Refuses --dry-run with --plan-only, and --plan-only without a directory to write.
    func checkModes(output: String?) throws {
        if dryRun && planOnly {
            throw ValidationError("--plan-only: not with --dry-run (give one of them)")
        }
        if planOnly && output == nil {
            throw ValidationError("--plan-only: needs --output DIR (the run directory to write)")
        }
    }

    func check(realizations: Int) throws {
        if let t = threads, !threadRange.contains(t) {
            throw ValidationError("--threads \(t): allowed \(RunLimits.text(threadRange))")
        }
        let (_, n) = try parsedShard()
        guard n <= realizations else {
            throw ValidationError(
                "--shard \(shard): N must be <= the number of realizations (\(realizations))")
        }
    }
}

extension EnsembleOptions {
    /// Refuses a job that does not fit in memory or cannot finish, before anything is written.
    func checkCost(_ job: EnsembleJob) throws {
        try mappingErrors {
            try EnsembleRun.checkCost(job, threads: threadCount, shard: try parsedShard())
        }
    }

    /// Runs the job with these options: to `--output` (or CSV on stdout), progress on stderr.
    func execute(_ job: EnsembleJob, run: RunOptions) throws {
        let settings = EnsembleRun.Settings(
            output: run.output, threads: threadCount, shard: try parsedShard(), resume: resume)
        if dryRun {
            try mappingErrors { try EnsembleRun.check(job, settings: settings) }
            print(
                "dry run: \(job.spec.solver.name.rawValue), shard \(settings.shard.index)/"
                    + "\(settings.shard.count) of \(job.spec.chain.realizations) realizations: "
                    + "every check passed, nothing written")
            return
        }
        if planOnly {
            let file = try mappingErrors { try EnsembleRun.plan(job, settings: settings) }
            print(
                "plan only: wrote \(file) (\(job.spec.solver.name.rawValue), shard "
                    + "\(settings.shard.index)/\(settings.shard.count) of "
                    + "\(job.spec.chain.realizations) realizations); nothing computed: run the "
                    + "same command with --resume to compute it")
            return
        }
        let progress = StderrProgress(
            label: job.spec.solver.name.rawValue, quiet: run.quiet, forced: self.progress)
        try mappingErrors {
            _ = try EnsembleRun.execute(job, settings: settings, progress: progress)
        }
    }
}

/// The checks every ensemble solver command makes before any work: the run's own
/// (`RunSpec.validate`), then the output path, threads and shard.
func checkRun(_ spec: RunSpec, io: RunOptions, ensemble: EnsembleOptions) throws {
    try mappingErrors { try spec.validate() }
    try io.check()
    try ensemble.checkModes(output: io.output)
    try ensemble.check(realizations: spec.chain.realizations)
}

/// A command that runs one solver: the run its options describe (in-process parse tests read it).
package protocol RunCommand: ParsableCommand {
    func spec() throws -> RunSpec
}

extension LindbladCommand: RunCommand {}
extension ClosureCommand: RunCommand {}
extension TrajectoriesCommand: RunCommand {}
extension MasterCommand: RunCommand {}
