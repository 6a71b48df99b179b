import AndersonNoise
import ArgumentParser
import Foundation

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine run directories (shards, resumed pieces) into one, as if one run had made it.",
        discussion: """
            The parameter sets must agree and the realization sets must be disjoint; records are \
            reduced in ascending realization order, so N shards merged equal one run bit for bit.
            """
    )

    @Argument(help: "Run directories to merge.")
    var directories: [String]

    @Option(help: "New run directory for the merged run.")
    var output: String

    func validate() throws {
        guard !directories.isEmpty else { throw ValidationError("merge: give at least one run directory") }
        if FileManager.default.fileExists(atPath: output) {
            throw ValidationError("--output \(output): already exists; merge writes a new run directory")
        }
    }

    func run() throws {
        let figures = directories.map { FigureManifest.read(from: URL(fileURLWithPath: $0)) }
        if let first = figures.first, let manifest = first {
            // Figure directories: merge every curve's run directory, then render the panels.
            guard figures.allSatisfy({ $0 == manifest }) else {
                throw ValidationError("merge: the figure directories describe different figures; refusing to mix them")
            }
            for run in manifest.runs {
                try Self.merge(directories.map { $0 + "/" + run }, into: output + "/" + run)
            }
            let out = URL(fileURLWithPath: output)
            try Data(manifest.json.serialized().utf8).write(to: out.appendingPathComponent(FigureManifest.fileName), options: .atomic)
            try manifest.render(into: out)
        } else {
            try Self.merge(directories, into: output)
        }
    }

    /// Merges run directories into a new one.
    static func merge(_ directories: [String], into output: String) throws {
        let started = Date()
        var identity: JSONValue?
        var records: [RealizationRecord] = []
        var seen = Set<Int>()
        for path in directories {
            let dir = RunDirectory(path: path)
            let manifest: RunDirectory.Manifest
            let recs: [RealizationRecord]
            do {
                manifest = try dir.readManifest()
                recs = try dir.readRecords()
            } catch {
                throw ValidationError("merge \(path): \(error)")
            }
            if let id = identity, id != manifest.identity {
                throw ValidationError("merge \(path): parameters differ from \(directories[0]); refusing to mix runs")
            }
            identity = manifest.identity
            let done = Set(recs.map(\.realization))
            guard done == Set(manifest.realizations) else {
                throw ValidationError("merge \(path): incomplete (\(done.count) of \(manifest.realizations.count) realizations); finish it with --resume first")
            }
            guard seen.isDisjoint(with: done) else {
                throw ValidationError("merge \(path): realizations overlap with another directory")
            }
            seen.formUnion(done)
            records += recs
        }
        guard let identityJSON = identity, let id = EnsembleIdentity(json: identityJSON) else {
            throw ValidationError("merge: the manifests are not anderson-noise ensemble runs")
        }
        records.sort { $0.realization < $1.realization }
        let out = RunDirectory(path: output)
        try out.create(RunDirectory.Manifest(identity: identityJSON, realizations: records.map(\.realization)))
        for r in records { try out.append(r) }
        let result = id.result(
            records: records, provenance: Provenance(started: started, wallSeconds: Date().timeIntervalSince(started), threads: 1))
        try out.writeResult(result, svg: SVGPlot.overview(result))
    }
}
