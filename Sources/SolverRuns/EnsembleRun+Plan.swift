import Foundation
import ChainModel
import RunSpecification
import RunStorage

extension EnsembleRun {
    /// Writes the run directory of `job` as `execute` makes it before its first realization
    /// (an empty records.bin and run.json) and computes nothing (`--plan-only`): after the
    /// checks of a dry run (`check`), so what the run would refuse is refused here, with
    /// nothing written. `validate --for` reads the directory; `execute` with `resume`
    /// continues it. A directory that already holds this run's manifest (with `resume`) is
    /// left as it is. Returns the path of run.json.
    @discardableResult
    public static func plan(_ job: EnsembleJob, settings: Settings) throws -> String {
        guard let path = settings.output else {
            throw InputError(
                option: "plan_only", value: "", allowed: "needs an output directory to write")
        }
        try check(job, settings: settings)
        let dir = RunDirectory(path: path)
        if !dir.exists {
            let (_, _, lock) = try prepare(
                path, manifest: job.manifest(shard: settings.shard), resume: false)
            withExtendedLifetime(lock) {}
        }
        return dir.manifestURL.path
    }
}
