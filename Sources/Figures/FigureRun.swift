import Foundation
import ChainModel
import Formats
import RunStorage
import SolverRuns

extension FigureSpecs {
    /// Refuses figure `n` when one of its runs does not fit in memory or cannot finish with
    /// `threads` and `shard` (`EnsembleRun.checkCost`), before anything is written. Fig. 5's
    /// master runs take xi_noise / 2 as `xi`, which does not change their cost, so a
    /// placeholder stands in for it here (`figure5` is given the computed one to run).
    package static func checkCost(
        _ n: Int, quick: Bool, threads: Int, shard: (index: Int, count: Int)
    ) throws {
        let spec =
            n == 5
            ? figure5(quick, xi: figure5Disorders(quick).map { _ in 1 })
            : figure(n, quick: quick)
        for (_, run) in spec.runs {
            try EnsembleRun.checkCost(try EnsembleJob(run), threads: threads, shard: shard)
        }
    }
}

/// Running a figure: every curve's run in its own run directory below the figure's (resumed
/// where one exists), then its panels.
extension FigureSpec {
    /// Refuses, before anything is written, a figure directory whose curves hold runs of other
    /// parameters or another shard: figure `n` on the directory of one shard's run must not
    /// render panels from part of the realizations as if they were all (merge the shards, or
    /// continue that shard with the same shard).
    package func checkExistingRuns(
        in base: String, figure n: Int, shard: (index: Int, count: Int)
    ) throws {
        if RunDirectory(path: base).exists {
            throw InputError(
                option: "output", value: base,
                allowed: "holds a solver run (run.json), not a figure; choose another directory")
        }
        func refuse(_ why: String) -> InputError {
            InputError(option: "figure", value: "\(n)", allowed: why)
        }
        for name in manifest.runs {
            let dir = RunDirectory(path: base + "/" + name)
            guard dir.exists else { continue }
            let found: RunDirectory.Manifest
            do { found = try dir.readManifest() } catch { throw refuse("\(error)") }
            let job = try EnsembleJob(runs[name]!)
            let expected = job.manifest(shard: shard)
            guard found.identity == expected.identity else {
                throw refuse(
                    "\(dir.url.path) holds a run of other parameters; use a new output directory")
            }
            guard found.realizations == expected.realizations else {
                throw refuse(
                    "\(dir.url.path) holds \(found.realizations.count) of the curve's "
                        + "\(job.spec.chain.realizations) realizations "
                        + "(the run of another shard than \(shard.index)/\(shard.count)); "
                        + "incomplete, so no panel is rendered from it: "
                        + "continue it with its own shard, or merge the shards' "
                        + "directories with `anderson-noise merge`"
                )
            }
        }
    }

    /// The start of `execute` and of `plan`: makes the figure's directory, takes its writer lock
    /// (a second writer is refused, naming the holder) and writes figure.json.
    func claim(_ base: String) throws -> RunLock {
        let dir = URL(fileURLWithPath: base)
        try FileOutput.makeDirectory(dir.path)
        let lock: RunLock
        do { lock = try RunLock.exclusive(dir) } catch let held as RunLock.Held {
            throw InputError(
                option: "output", value: base, allowed: "\(held); refusing a second writer")
        }
        try FileOutput.write(
            manifest.json.serialized(),
            toFile: dir.appendingPathComponent(FigureManifest.fileName).path)
        return lock
    }

    /// Runs figure `n` into `base` (figure.json, one run directory per curve, skipping finished
    /// ones) and, when this is the whole run (one shard), renders its panels. `progress` makes
    /// the reporter of one curve's run; `log` receives one line per curve.
    package func execute(
        in base: String, figure n: Int, threads: Int, shard: (index: Int, count: Int),
        progress: (EnsembleJob) -> any ProgressReporter, log: (String) -> Void
    ) throws {
        let dir = URL(fileURLWithPath: base)
        let lock = try claim(base)
        defer { withExtendedLifetime(lock) {} }
        let start = Date()
        for name in manifest.runs {
            let runDir = dir.appendingPathComponent(name).path
            let exists = FileManager.default.fileExists(
                atPath: runDir + "/" + RunDirectory.manifestName)
            if exists && FileManager.default.fileExists(atPath: runDir + "/result.json")
                && shard.count == 1
            {
                continue
            }
            log("figure \(n): \(name)")
            let job = try EnsembleJob(runs[name]!)
            let settings = EnsembleRun.Settings(
                output: runDir, threads: threads, shard: shard, resume: exists)
            try EnsembleRun.execute(job, settings: settings, progress: progress(job))
        }
        if shard.count == 1 {
            try manifest.render(into: dir)
            try SpacingPanel.render(manifest: manifest, into: dir, threads: threads)
            log(
                String(
                    format: "figure %d: done in %.1f s -> %@", n, Date().timeIntervalSince(start),
                    base))
        }
    }
}
