import Foundation
import ChainModel
import RunSpecification
import Formats
import RunStorage
import Statistics
import Execution

/// Runs an ensemble through its run directory: check the cost, lock the directory, skip what
/// is done, append a record per realization, reduce in canonical (ascending realization)
/// order as records arrive, write the result. Any split into threads, shards or resumed
/// pieces gives the same bits.
public enum EnsembleRun {
    /// Where and how a job runs (nothing here changes its numbers).
    public struct Settings: Sendable {
        /// Run directory; nil writes the scalar series as CSV to standard output.
        public var output: String?
        public var threads: Int
        /// Shard `index` (1-based) of `count`.
        public var shard: (index: Int, count: Int)
        /// Continue the run in `output`.
        public var resume: Bool

        public init(
            output: String?, threads: Int, shard: (index: Int, count: Int) = (1, 1),
            resume: Bool = false
        ) {
            self.output = output
            self.threads = threads
            self.shard = shard
            self.resume = resume
        }
    }

    /// Refuses a job that does not fit in memory or cannot finish (`RunCost`), before anything
    /// is written.
    public static func checkCost(
        _ job: EnsembleJob, threads: Int, shard: (index: Int, count: Int)
    ) throws {
        let r = job.spec.chain.realizations
        let mine = r >= shard.index ? (r - shard.index) / shard.count + 1 : 0
        try job.cost.check(
            workers: max(1, min(threads, mine)),
            memoryOptions: "length/times/observables/threads")
    }

    /// Every check `execute` makes before it writes or computes, with nothing written (a dry
    /// run): the cost, and the run directory (new and empty, or with `resume` the same run's).
    public static func check(_ job: EnsembleJob, settings: Settings) throws {
        try checkCost(job, threads: settings.threads, shard: settings.shard)
        guard let path = settings.output else {
            if settings.resume {
                throw InputError(option: "resume", value: "", allowed: "needs an output directory")
            }
            return
        }
        let dir = RunDirectory(path: path)
        if dir.exists {
            try checkExisting(
                dir, path: path, manifest: job.manifest(shard: settings.shard),
                resume: settings.resume)
        } else {
            try checkNew(path: path, resume: settings.resume)
        }
    }

    /// Runs `job`; returns the result (also written to the directory, or as CSV to standard
    /// output). A shard without realizations writes no result.
    @discardableResult
    public static func execute(
        _ job: EnsembleJob, settings: Settings, progress: any ProgressReporter = SilentProgress(),
        plot: (SolverResult) -> String? = { SVGPlot.overview($0) }
    ) throws -> SolverResult {
        try checkCost(job, threads: settings.threads, shard: settings.shard)
        let started = Date()
        let identity = job.identity
        let manifest = job.manifest(shard: settings.shard)

        var contents: RunDirectory.Contents?
        var directory: RunDirectory?
        var lock: RunLock?
        if let path = settings.output {
            (directory, contents, lock) = try prepare(
                path, manifest: manifest, resume: settings.resume)
        } else if settings.resume {
            throw InputError(option: "resume", value: "", allowed: "needs an output directory")
        }

        // Records on disk and fresh ones are reduced together in ascending realization order.
        let recorded = contents?.recorded ?? []  // ascending, a subset of the shard's (ascending)
        var todo: [Int] = []
        var k = 0
        for r in manifest.realizations {
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
        // Records are stamped with the digest of the identity in the directory's run.json
        // (none for a directory written before the digest existed).
        let digest = contents.map(\.manifest.recordDigest) ?? manifest.identityDigest
        let writer = try directory?.recordWriter(synchronized: true, identityDigest: digest)
        try RealizationRunner.stream(
            realizations: todo, threads: settings.threads, progress: progress,
            onRecord: { record in try writer?.append(record) },
            inOrder: { record in
                reduceRecorded(below: record.realization)
                average.add(realization: record.noise)
            }, body: job.body)
        reduceRecorded(below: Int.max)
        try writer?.close()
        let builds = Build.tally(
            (contents?.scan.builds.map { ($0.build, $0.realizations) } ?? [])
                + [(Build.current, todo.count)])
        let result = identity.result(
            average: average,
            provenance: Provenance(
                started: started, wallSeconds: Date().timeIntervalSince(started),
                threads: settings.threads, builds: builds))
        Build.warnIfMixed(builds)
        if let directory {
            // A shard without realizations (more shards than a curve has) has no result to
            // report: averages of nothing would read as zeros.
            if average.disorder.count > 0 { try directory.writeResult(result, svg: plot(result)) }
        } else {
            try StandardOutput.write(result.csv)
        }
        withExtendedLifetime(lock) {}
        return result
    }

    /// The run directory at `path`, locked for this writer: a new one with its manifest, or
    /// with `resume` the same run's, read and checked (a torn last record cut off). A run
    /// refused for its directory (another run, another shard, no resume) is refused before
    /// the lock file is touched, so nothing is written.
    static func prepare(
        _ path: String, manifest: RunDirectory.Manifest, resume: Bool
    ) throws
        -> (RunDirectory, RunDirectory.Contents?, RunLock)
    {
        let dir = RunDirectory(path: path)
        if dir.exists { try checkExisting(dir, path: path, manifest: manifest, resume: resume) }
        let lock = try claim(dir, path: path, resume: resume)
        guard dir.exists else {
            try dir.create(manifest)
            return (dir, nil, lock)
        }
        // Again under the lock: another writer may have finished meanwhile.
        try checkExisting(dir, path: path, manifest: manifest, resume: resume)
        do { return (dir, try dir.open(repair: true), lock) } catch let failure as IOFailure {
            throw failure
        } catch {
            throw InputError(option: "output", value: path, allowed: "\(error)")
        }
    }

    /// A directory holding a run: continued only with `resume`, and only the same run's.
    static func checkExisting(
        _ dir: RunDirectory, path: String, manifest: RunDirectory.Manifest, resume: Bool
    ) throws {
        func refuse(_ why: String) -> InputError {
            InputError(option: "output", value: path, allowed: why)
        }
        guard resume else {
            throw refuse("already holds a run; resume it or choose a new directory")
        }
        let old: RunDirectory.Manifest
        do { old = try dir.readManifest() } catch { throw refuse("\(error)") }
        guard old.isSameRun(as: manifest) else {
            throw refuse(
                "holds a run with different parameters or shard ("
                    + old.differences(from: manifest) + "); refusing to mix them")
        }
    }

    /// A path without a run: nothing to resume, and no other files in it.
    static func checkNew(path: String, resume: Bool) throws {
        if resume {
            throw InputError(
                option: "resume", value: "", allowed: "\(path) holds no run to continue")
        }
        let items = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if !items.filter({ !RunDirectory.isScratch($0) }).isEmpty {
            throw InputError(
                option: "output", value: path,
                allowed: "directory exists and is not empty; choose a new directory")
        }
    }

    /// Makes the directory if needed and takes its writer lock: a second writer (a requeued
    /// and a resubmitted cluster task at once) is refused, naming the holder.
    static func claim(_ dir: RunDirectory, path: String, resume: Bool) throws -> RunLock {
        if !dir.exists {
            try checkNew(path: path, resume: resume)
            try FileOutput.makeDirectory(dir.url.path)
        }
        do { return try RunLock.exclusive(dir.url) } catch let held as RunLock.Held {
            throw InputError(
                option: "output", value: path, allowed: "\(held); refusing a second writer")
        }
    }
}
