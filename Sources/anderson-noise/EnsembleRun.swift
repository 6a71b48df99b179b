import AndersonNoise
import ArgumentParser
import Foundation

/// One ensemble run of a solver: what differs between solvers, handed to `EnsembleRun.execute`.
struct EnsembleJob {
    var solver: String
    /// Every input that determines the numbers (not threads, shard, output, quiet).
    var parameters: [(String, JSONValue)]
    var times: [Double]
    var layout: ObservableLayout
    var realizations: Int
    var noiseRealizations: Int?
    /// Observables of realization r (0-based), as statistics over its noise realizations.
    var body: @Sendable (Int) throws -> RunningStatistics
    /// The plot written as figure.svg (default: every scalar series against log time).
    var plot: (SolverResult) -> String? = { SVGPlot.overview($0) }
}

/// Runs an ensemble through the run directory: validate the directory, skip what is done,
/// append a record per realization, reduce in canonical order, write the result.
enum EnsembleRun {
    static func execute(_ job: EnsembleJob, ensemble: EnsembleOptions, run: RunOptions) throws {
        let (shardIndex, shardCount) = try ensemble.parsedShard()
        try execute(
            job, output: run.output, quiet: run.quiet, threads: ensemble.threadCount, shard: (shardIndex, shardCount),
            resume: ensemble.resume, progress: ensemble.progress)
    }

    static func execute(
        _ job: EnsembleJob, output: String?, quiet: Bool, threads: Int, shard: (index: Int, count: Int), resume: Bool,
        progress forced: Bool
    ) throws {
        let started = Date()
        let (shardIndex, shardCount) = shard
        let mine = RealizationRunner.shard(shardIndex, of: shardCount, realizations: job.realizations)
        let identity = job.identity
        let manifest = RunDirectory.Manifest(identity: identity.json, realizations: mine)

        var done: [RealizationRecord] = []
        var directory: RunDirectory?
        if let path = output {
            let dir = RunDirectory(path: path)
            if dir.exists {
                guard resume else {
                    throw ValidationError("--output \(path): already holds a run; pass --resume to continue it or choose a new directory")
                }
                let old: RunDirectory.Manifest
                do { old = try dir.readManifest() } catch { throw ValidationError("--output \(path): \(error)") }
                guard old == manifest else {
                    throw ValidationError("--output \(path): holds a run with different parameters or shard; refusing to mix them")
                }
                do { done = try dir.readRecords(repair: true) } catch { throw ValidationError("--output \(path): \(error)") }
            } else {
                if resume { throw ValidationError("--resume: \(path) holds no run to continue") }
                if let items = try? FileManager.default.contentsOfDirectory(atPath: path), !items.isEmpty {
                    throw ValidationError("--output \(path): directory exists and is not empty; choose a new directory")
                }
                try dir.create(manifest)
            }
            directory = dir
        } else if resume {
            throw ValidationError("--resume: needs --output DIR")
        }

        let doneSet = Set(done.map(\.realization))
        let todo = mine.filter { !doneSet.contains($0) }
        let progress = StderrProgress(label: job.solver, quiet: quiet, forced: forced)
        let fresh = try exitOnInvariant {
            try RealizationRunner.run(
                realizations: todo, threads: threads, progress: progress,
                onRecord: { record in try directory?.append(record) }, body: job.body)
        }
        let result = identity.result(
            records: done + fresh,
            provenance: Provenance(started: started, wallSeconds: Date().timeIntervalSince(started), threads: threads))
        if let directory {
            try directory.writeResult(result, svg: job.plot(result))
        } else {
            print(result.csv, terminator: "")
        }
    }
}

extension EnsembleJob {
    var identity: EnsembleIdentity {
        EnsembleIdentity(
            solver: solver, parameters: parameters, times: times, layout: layout,
            noiseRealizations: noiseRealizations, realizations: realizations)
    }
}
