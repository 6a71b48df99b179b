import AndersonNoise
import ArgumentParser
import Foundation

struct FigureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figure",
        abstract: "Reproduce a figure of the paper (1-4; 5 goes beyond it; or all), every panel, at the paper's parameters.",
        discussion: """
            Writes figure.json, one run directory per curve (resumable: run the same command again, \
            or with --resume, to continue; shardable with --shard I/N and `merge`), and per panel \
            panel-<id>.json, .csv and .svg. --quick scales every panel down to about a minute.
            """
    )

    @Argument(help: "1, 2, 3, 4, 5 or all.")
    var which: String

    @Flag(help: "Scaled-down sizes, statistics and times.")
    var quick = false

    @Option(help: "Output directory (default figures/figure-N, or figures/ for all).")
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
        if let t = ensemble.threads, !(1...1024).contains(t) { throw ValidationError("--threads \(t): allowed 1...1024") }
        if shard.count > 4 { throw ValidationError("--shard \(ensemble.shard): figures have at least 4 realizations per curve in --quick; allowed N <= 4") }
        if let output { try OutputPath.check(output, option: "--output", kind: .directory) }
        for n in numbers {
            for (_, spec) in runSpec(n).runs { try ensemble.checkCost(try mappingErrors { try EnsembleJob(spec) }) }
        }
    }

    /// The figure's runs for the cost checks of `validate` (Fig. 5's master runs take
    /// xi_noise / 2 as `--xi`, which does not change their cost, so a placeholder stands in for
    /// it here; `spec` computes it).
    func runSpec(_ n: Int) -> FigureSpec {
        n == 5 ? FigureSpecs.figure5(quick, xi: FigureSpecs.figure5Disorders(quick).map { _ in 1 }) : FigureSpecs.figure(n, quick: quick)
    }

    /// The figure's runs and panels (Fig. 5 with xi_noise(W) from `localization`).
    func spec(_ n: Int) throws -> FigureSpec {
        n == 5
            ? FigureSpecs.figure5(quick, xi: try FigureSpecs.localizationLengths(quick, threads: ensemble.threadCount))
            : FigureSpecs.figure(n, quick: quick)
    }

    func base(_ n: Int) -> String { output.map { which == "all" ? "\($0)/figure-\(n)" : $0 } ?? "figures/figure-\(n)" }

    /// Refuses, before anything is written, a figure directory whose curves hold runs of other
    /// parameters or another shard: `figure N` on the directory of one `--shard` run must not
    /// render panels from part of the realizations as if they were all (merge the shards with
    /// `anderson-noise merge`, or continue that shard with the same --shard).
    func checkExistingRuns(_ specs: [Int: FigureSpec], shard: (index: Int, count: Int)) throws {
        for n in numbers {
            if RunDirectory(path: base(n)).exists {
                throw ValidationError("--output \(base(n)): holds a solver run (run.json), not a figure; choose another directory")
            }
            let spec = specs[n]!
            for name in spec.manifest.runs {
                let dir = RunDirectory(path: base(n) + "/" + name)
                guard dir.exists else { continue }
                let found: RunDirectory.Manifest
                do { found = try dir.readManifest() } catch { throw ValidationError("figure \(n): \(error)") }
                let job = try mappingErrors { try EnsembleJob(spec.runs[name]!) }
                let expected = job.manifest(shard: shard)
                guard found.identity == expected.identity else {
                    throw ValidationError("figure \(n): \(dir.url.path) holds a run of other parameters; use a new --output")
                }
                guard found.realizations == expected.realizations else {
                    throw ValidationError(
                        "figure \(n): \(dir.url.path) holds \(found.realizations.count) of the curve's \(job.spec.chain.realizations) realizations "
                            + "(the run of another --shard than \(shard.index)/\(shard.count)); incomplete, so no panel is rendered from it: "
                            + "continue it with its own --shard, or merge the shards' directories with `anderson-noise merge`")
                }
            }
        }
    }

    func run() throws {
        let shard = try ensemble.parsedShard()
        let specs = try Dictionary(uniqueKeysWithValues: numbers.map { ($0, try spec($0)) })
        try checkExistingRuns(specs, shard: shard)
        for n in numbers {
            let spec = specs[n]!
            let base = base(n)
            let dir = URL(fileURLWithPath: base)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let lock: RunLock
            do { lock = try RunLock.exclusive(dir) } catch let held as RunLock.Held {
                throw ValidationError("--output \(base): \(held); refusing a second writer")
            }
            defer { withExtendedLifetime(lock) {} }
            try Data(spec.manifest.json.serialized().utf8).write(to: dir.appendingPathComponent(FigureManifest.fileName), options: .atomic)
            let start = Date()
            for name in spec.manifest.runs {
                let runDir = dir.appendingPathComponent(name).path
                let exists = FileManager.default.fileExists(atPath: runDir + "/" + RunDirectory.manifestName)
                if exists && FileManager.default.fileExists(atPath: runDir + "/result.json") && shard.count == 1 { continue }
                if !quiet { FileHandle.standardError.write(Data("figure \(n): \(name)\n".utf8)) }
                let job = try mappingErrors { try EnsembleJob(spec.runs[name]!) }
                let settings = EnsembleRun.Settings(output: runDir, threads: ensemble.threadCount, shard: shard, resume: exists)
                let progress = StderrProgress(label: job.spec.solver.name.rawValue, quiet: quiet, forced: ensemble.progress)
                try mappingErrors { _ = try EnsembleRun.execute(job, settings: settings, progress: progress) }
            }
            if shard.count == 1 {
                try spec.manifest.render(into: dir)
                try SpacingPanel.render(manifest: spec.manifest, into: dir, threads: ensemble.threadCount)
                if !quiet {
                    FileHandle.standardError.write(Data(String(format: "figure %d: done in %.1f s -> %@\n", n, Date().timeIntervalSince(start), base).utf8))
                }
            }
        }
    }
}
