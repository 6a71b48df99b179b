import Foundation
import ChainModel
import Formats
import RunStorage
import SolverRuns

extension FigureSpec {
    /// Writes figure `n`'s directory as `execute` makes it before its first realization
    /// (`--plan-only`): figure.json and every curve's run directory with its run.json
    /// (`EnsembleRun.plan`; a curve that already has one is checked and left), no work. Running
    /// the figure again continues every curve. Returns the run.json paths, one per curve.
    package func plan(
        in base: String, figure n: Int, threads: Int, shard: (index: Int, count: Int)
    ) throws -> [String] {
        let dir = URL(fileURLWithPath: base)
        let lock = try claim(base)
        defer { withExtendedLifetime(lock) {} }
        return try manifest.runs.map { name in
            let runDir = dir.appendingPathComponent(name).path
            let settings = EnsembleRun.Settings(
                output: runDir, threads: threads, shard: shard,
                resume: RunDirectory(path: runDir).exists)
            return try EnsembleRun.plan(try EnsembleJob(runs[name]!), settings: settings)
        }
    }
}
