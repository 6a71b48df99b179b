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
    /// Memory and work, checked before anything is written.
    var cost: RunCost
    /// Observables of realization r (0-based), as statistics over its noise realizations.
    var body: @Sendable (Int) throws -> RunningStatistics
    /// The plot written as figure.svg (default: every scalar series against log time).
    var plot: (SolverResult) -> String? = { SVGPlot.overview($0) }
}

/// Runs an ensemble through the run directory: check the cost, lock the directory, skip what
/// is done, append a record per realization, reduce in canonical order as records arrive,
/// write the result.
enum EnsembleRun {
    static func execute(_ job: EnsembleJob, ensemble: EnsembleOptions, run: RunOptions) throws {
        try execute(
            job, output: run.output, quiet: run.quiet, threads: ensemble.threadCount, shard: try ensemble.parsedShard(),
            resume: ensemble.resume, progress: ensemble.progress)
    }

    /// Refuses a job that does not fit in memory or cannot finish (`RunCost`), before anything
    /// is written.
    static func checkCost(_ job: EnsembleJob, threads: Int, shard: (index: Int, count: Int)) throws {
        let mine = job.realizations >= shard.index ? (job.realizations - shard.index) / shard.count + 1 : 0
        do {
            try job.cost.check(workers: max(1, min(threads, mine)), memoryOptions: "--length/--times/--observables/--threads")
        } catch let e as InputError {
            throw ValidationError(e.description)
        }
    }

    static func execute(
        _ job: EnsembleJob, output: String?, quiet: Bool, threads: Int, shard: (index: Int, count: Int), resume: Bool,
        progress forced: Bool
    ) throws {
        try checkCost(job, threads: threads, shard: shard)
        let started = Date()
        let identity = job.identity
        let manifest = job.manifest(shard: shard)
        let mine = manifest.realizations

        var contents: RunDirectory.Contents?
        var directory: RunDirectory?
        var lock: RunLock?
        if let path = output {
            (directory, contents, lock) = try prepare(path, manifest: manifest, resume: resume)
        } else if resume {
            throw ValidationError("--resume: needs --output DIR")
        }

        // Records on disk and fresh ones are reduced together in ascending realization order.
        let recorded = contents?.recorded ?? []  // ascending, a subset of `mine` (ascending)
        var todo: [Int] = []
        var k = 0
        for r in mine {
            if k < recorded.count && recorded[k].realization == r { k += 1 } else { todo.append(r) }
        }
        var average = TwoLevelAverage(dimension: job.layout.dimension)
        var next = 0
        func reduceRecorded(below r: Int) {
            while next < recorded.count && recorded[next].realization < r {
                average.add(realization: contents!.record(at: recorded[next].offset).noise)
                next += 1
            }
        }
        let writer = try directory?.recordWriter(synchronized: true)
        let progress = StderrProgress(label: job.solver, quiet: quiet, forced: forced)
        try exitOnInvariant {
            try RealizationRunner.stream(
                realizations: todo, threads: threads, progress: progress,
                onRecord: { record in try writer?.append(record) },
                inOrder: { record in
                    reduceRecorded(below: record.realization)
                    average.add(realization: record.noise)
                }, body: job.body)
        }
        reduceRecorded(below: Int.max)
        try writer?.close()
        let result = identity.result(
            average: average,
            provenance: Provenance(started: started, wallSeconds: Date().timeIntervalSince(started), threads: threads))
        if let directory {
            // A shard without realizations (more shards than a curve has) has no result to
            // report: averages of nothing would read as zeros.
            if average.disorder.count > 0 { try directory.writeResult(result, svg: job.plot(result)) }
        } else {
            print(result.csv, terminator: "")
        }
        withExtendedLifetime(lock) {}
    }

    /// The run directory at `path`, locked for this writer: a new one with its manifest, or
    /// with `--resume` the same run's, read and checked (a torn last record cut off). A run
    /// refused for its directory (another run, another shard, no --resume) is refused before
    /// the lock file is touched, so nothing is written.
    static func prepare(_ path: String, manifest: RunDirectory.Manifest, resume: Bool) throws
        -> (RunDirectory, RunDirectory.Contents?, RunLock)
    {
        let dir = RunDirectory(path: path)
        func checkExisting() throws {
            guard resume else {
                throw ValidationError("--output \(path): already holds a run; pass --resume to continue it or choose a new directory")
            }
            let old: RunDirectory.Manifest
            do { old = try dir.readManifest() } catch { throw ValidationError("--output \(path): \(error)") }
            guard old == manifest else {
                throw ValidationError("--output \(path): holds a run with different parameters or shard; refusing to mix them")
            }
        }
        if dir.exists { try checkExisting() }
        let lock = try claim(dir, path: path, resume: resume)
        guard dir.exists else {
            try dir.create(manifest)
            return (dir, nil, lock)
        }
        try checkExisting()  // again under the lock: another writer may have finished meanwhile
        do { return (dir, try dir.open(repair: true), lock) } catch { throw ValidationError("--output \(path): \(error)") }
    }

    /// Makes the directory if needed and takes its writer lock: a second writer (a requeued
    /// and a resubmitted cluster task at once) is refused, naming the holder.
    static func claim(_ dir: RunDirectory, path: String, resume: Bool) throws -> RunLock {
        let fm = FileManager.default
        if !dir.exists {
            if resume { throw ValidationError("--resume: \(path) holds no run to continue") }
            let items = (try? fm.contentsOfDirectory(atPath: path)) ?? []
            if !items.filter({ $0 != RunLock.fileName }).isEmpty {
                throw ValidationError("--output \(path): directory exists and is not empty; choose a new directory")
            }
            try fm.createDirectory(at: dir.url, withIntermediateDirectories: true)
        }
        do { return try RunLock.exclusive(dir.url) } catch let held as RunLock.Held {
            throw ValidationError("--output \(path): \(held); refusing a second writer")
        }
    }
}

extension EnsembleJob {
    /// The manifest of this job's run directory for one shard.
    func manifest(shard: (index: Int, count: Int)) -> RunDirectory.Manifest {
        RunDirectory.Manifest(
            identity: identity.json, realizations: RealizationRunner.shard(shard.index, of: shard.count, realizations: realizations))
    }

    var identity: EnsembleIdentity {
        EnsembleIdentity(
            solver: solver, parameters: parameters, times: times, layout: layout,
            noiseRealizations: noiseRealizations, realizations: realizations)
    }
}
