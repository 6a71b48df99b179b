import AndersonNoise
import ArgumentParser
import Foundation

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract:
            "Combine run directories (shards, resumed pieces) into one, as if one run had made it.",
        discussion: """
            The parameter sets must agree, every directory must be complete and not being written, \
            and the realization sets must be disjoint; records are reduced in ascending \
            realization \
            order, so N shards merged equal one run bit for bit. Figure directories merge every \
            curve and render the panels, which needs every shard of every curve. Everything is \
            checked before anything is written, and the output appears only when complete (it is \
            built beside it and renamed into place).
            """
    )

    @Argument(help: "Run directories to merge (required; allowed the shards of one run).")
    var directories: [String]

    @Option(help: "New run directory for the merged run (required; allowed a new directory path).")
    var output: String

    func validate() throws {
        guard !directories.isEmpty else {
            throw ValidationError("merge: give at least one run directory")
        }
        try mappingErrors { try OutputPath.check(output, option: "--output", kind: .directory) }
        if FileManager.default.fileExists(atPath: output) {
            throw ValidationError(
                "--output \(output): already exists; merge writes a new run directory")
        }
    }

    func run() throws {
        let figures = directories.map { FigureManifest.read(from: URL(fileURLWithPath: $0)) }
        if let first = figures.first, let manifest = first {
            // Figure directories: plan every curve's merge (all checked), then write them all.
            guard figures.allSatisfy({ $0 == manifest }) else {
                throw ValidationError(
                    "merge: the figure directories describe different figures; refusing to mix them"
                )
            }
            try mappingErrors {
                try manifest.merge(
                    directories, into: output,
                    threads: ProcessInfo.processInfo.activeProcessorCount)
            }
        } else {
            let plan = try mappingErrors { try MergePlan(directories) }
            try MergePlan.writeAtomically(output) { try plan.write(into: $0) }
        }
    }
}
