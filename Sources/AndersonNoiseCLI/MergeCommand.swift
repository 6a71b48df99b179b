import AndersonNoise
import ArgumentParser
import Foundation

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine run directories (shards, resumed pieces) into one, as if one run had made it.",
        discussion: """
            The parameter sets must agree, every directory must be complete and not being written, \
            and the realization sets must be disjoint; records are reduced in ascending realization \
            order, so N shards merged equal one run bit for bit. Figure directories merge every \
            curve and render the panels, which needs every shard of every curve. Everything is \
            checked before anything is written, and the output appears only when complete (it is \
            built beside it and renamed into place).
            """
    )

    @Argument(help: "Run directories to merge.")
    var directories: [String]

    @Option(help: "New run directory for the merged run.")
    var output: String

    func validate() throws {
        guard !directories.isEmpty else { throw ValidationError("merge: give at least one run directory") }
        try OutputPath.check(output, option: "--output", kind: .directory)
        if FileManager.default.fileExists(atPath: output) {
            throw ValidationError("--output \(output): already exists; merge writes a new run directory")
        }
    }

    func run() throws {
        let figures = directories.map { FigureManifest.read(from: URL(fileURLWithPath: $0)) }
        if let first = figures.first, let manifest = first {
            // Figure directories: plan every curve's merge (all checked), then write them all.
            guard figures.allSatisfy({ $0 == manifest }) else {
                throw ValidationError("merge: the figure directories describe different figures; refusing to mix them")
            }
            let plans = try manifest.runs.map { run in
                let plan = try MergePlan(directories.map { $0 + "/" + run })
                guard plan.isComplete else {
                    throw ValidationError(
                        "merge: figure curve \(run) has \(plan.entries.count) of \(plan.identity.realizations) realizations; "
                            + "give the directories of every shard (a figure is rendered only from complete curves)")
                }
                return (run, plan)
            }
            try Self.writeAtomically(output) { out in
                for (run, plan) in plans { try plan.write(into: out.appendingPathComponent(run)) }
                try Data(manifest.json.serialized().utf8).write(to: out.appendingPathComponent(FigureManifest.fileName), options: .atomic)
                try manifest.render(into: out)
                try SpacingPanel.render(manifest: manifest, into: out, threads: ProcessInfo.processInfo.activeProcessorCount)
            }
        } else {
            let plan = try MergePlan(directories)
            try Self.writeAtomically(output) { try plan.write(into: $0) }
        }
    }

    /// Builds the output in a hidden sibling directory and renames it into place when
    /// complete, so a failed merge leaves no half-made output (only, after a kill -9, the
    /// hidden `.NAME.merging-PID` directory).
    static func writeAtomically(_ output: String, _ body: (URL) throws -> Void) throws {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).merging-\(getpid())")
        let fm = FileManager.default
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            try body(staging)
            try fm.moveItem(at: staging, to: target)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }
}

/// A merge checked before anything is written: every input directory is read and checked
/// (manifest, identity, every record against both), complete, not being written (a shared
/// lock is held until the merge is done, so no writer can start meanwhile), of one identity,
/// with disjoint realizations. Only the index of the records is kept; they are read one at a
/// time when written.
struct MergePlan {
    let identity: EnsembleIdentity
    let identityJSON: JSONValue
    /// Every record, ascending by realization: which input holds it and where.
    let entries: [(realization: Int, source: Int, offset: Int)]
    let sources: [RunDirectory.Contents]
    let locks: [RunLock?]

    init(_ directories: [String]) throws {
        var sources: [RunDirectory.Contents] = [], locks: [RunLock?] = []
        var entries: [(realization: Int, source: Int, offset: Int)] = []
        for (n, path) in directories.enumerated() {
            let dir = RunDirectory(path: path)
            let contents: RunDirectory.Contents
            do {
                locks.append(try RunLock.shared(dir.url))
                contents = try dir.open(repair: false)
            } catch {
                throw ValidationError("merge \(path): \(error)")
            }
            if let first = sources.first, first.manifest.identity != contents.manifest.identity {
                throw ValidationError("merge \(path): parameters differ from \(directories[0]); refusing to mix runs")
            }
            guard contents.isComplete else {
                throw ValidationError(
                    "merge \(path): incomplete (\(contents.scan.entries.count) of \(contents.manifest.realizations.count) realizations); finish it with --resume first")
            }
            entries += contents.recorded.map { ($0.realization, n, $0.offset) }
            sources.append(contents)
        }
        guard let first = sources.first, !entries.isEmpty else {
            throw ValidationError("merge: the directories hold no records")
        }
        entries.sort { ($0.realization, $0.source) < ($1.realization, $1.source) }
        for (a, b) in zip(entries, entries.dropFirst()) where a.realization == b.realization {
            throw ValidationError(
                "merge \(directories[b.source]): realization \(b.realization + 1) is also in \(directories[a.source]); refusing to count it twice")
        }
        identity = first.identity
        identityJSON = first.manifest.identity
        self.entries = entries
        self.sources = sources
        self.locks = locks
    }

    /// Every realization of the run is present.
    var isComplete: Bool { entries.count == identity.realizations }

    /// Writes the merged run directory `url` (which must not exist): manifest, records in
    /// ascending order, result reduced in that order.
    func write(into url: URL) throws {
        let started = Date()
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let out = RunDirectory(path: url.path)
        try out.create(RunDirectory.Manifest(identity: identityJSON, realizations: entries.map(\.realization)))
        let writer = try out.recordWriter(synchronized: false)
        var average = TwoLevelAverage(dimension: identity.layout.dimension)
        for entry in entries {
            let record = sources[entry.source].record(at: entry.offset)
            try writer.append(record)
            average.add(realization: record.noise)
        }
        try writer.close()
        let result = identity.result(
            average: average, provenance: Provenance(started: started, wallSeconds: Date().timeIntervalSince(started), threads: 1))
        try out.writeResult(result, svg: SVGPlot.overview(result))
    }
}
