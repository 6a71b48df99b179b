import ChainModel
import Foundation
import Formats
import RunStorage

extension FigureManifest {
    /// Merges the shards of this figure (`directories`, each holding its runs) into the new
    /// figure directory `output` (`merge`): every curve's merge is planned and checked first,
    /// each complete (a figure is rendered only from complete curves), then all are written at
    /// once with the manifest and the rendered panels.
    public func merge(_ directories: [String], into output: String, threads: Int) throws {
        let plans = try runs.map { run in
            let plan = try MergePlan(directories.map { $0 + "/" + run })
            guard plan.isComplete else {
                throw InputError(
                    option: "merge", value: "",
                    allowed: "figure curve \(run) has \(plan.entries.count) of "
                        + "\(plan.identity.realizations) realizations; give the directories of "
                        + "every shard (a figure is rendered only from complete curves)")
            }
            return (run, plan)
        }
        try MergePlan.writeAtomically(output) { out in
            for (run, plan) in plans { try plan.write(into: out.appendingPathComponent(run)) }
            try FileOutput.write(
                json.serialized(), toFile: out.appendingPathComponent(Self.fileName).path)
            try render(into: out)
            try SpacingPanel.render(manifest: self, into: out, threads: threads)
        }
    }
}
