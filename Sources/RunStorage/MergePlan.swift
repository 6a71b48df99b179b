import Foundation
import ChainModel
import Statistics
import Formats

/// A merge checked before anything is written: every input directory is read and checked
/// (manifest, identity, every record against both), complete, not being written (a shared
/// lock is held until the merge is done, so no writer can start meanwhile), of one identity,
/// with disjoint realizations. Only the index of the records is kept; they are read one at a
/// time when written.
public struct MergePlan {
    public let identity: EnsembleIdentity
    let identityJSON: JSONValue
    /// Every record, ascending by realization: which input holds it and where.
    public let entries: [(realization: Int, source: Int, offset: Int)]
    let sources: [RunDirectory.Contents]
    let locks: [RunLock?]

    public init(_ directories: [String]) throws {
        var sources: [RunDirectory.Contents] = [], locks: [RunLock?] = []
        var entries: [(realization: Int, source: Int, offset: Int)] = []
        for (n, path) in directories.enumerated() {
            let dir = RunDirectory(path: path)
            let contents: RunDirectory.Contents
            do {
                locks.append(try RunLock.shared(dir.url))
                contents = try dir.open(repair: false)
            } catch let failure as IOFailure {
                throw failure
            } catch {
                throw InputError(option: "merge", value: path, allowed: "\(error)")
            }
            if let first = sources.first, first.manifest.identity != contents.manifest.identity {
                throw InputError(
                    option: "merge", value: path,
                    allowed:
                        "parameters differ from \(directories[0]) ("
                        + first.manifest.differences(from: contents.manifest)
                        + "); refusing to mix runs")
            }
            guard contents.isComplete else {
                throw InputError(
                    option: "merge", value: path,
                    allowed:
                        "incomplete (\(contents.scan.entries.count) of "
                        + "\(contents.manifest.realizations.count) realizations); finish it "
                        + "by resuming it first"
                )
            }
            entries += contents.recorded.map { ($0.realization, n, $0.offset) }
            sources.append(contents)
        }
        guard let first = sources.first, !entries.isEmpty else {
            throw InputError(option: "merge", value: "", allowed: "the directories hold no records")
        }
        entries.sort { ($0.realization, $0.source) < ($1.realization, $1.source) }
        for (a, b) in zip(entries, entries.dropFirst()) where a.realization == b.realization {
            throw InputError(
                option: "merge", value: directories[b.source],
                allowed:
                    "realization \(b.realization + 1) is also in \(directories[a.source]); "
                    + "refusing to count it twice"
            )
        }
        identity = first.identity
        identityJSON = first.manifest.identity
        self.entries = entries
        self.sources = sources
        self.locks = locks
    }

    /// Every realization of the run is present.
    public var isComplete: Bool { entries.count == identity.realizations }

    /// Writes the merged run directory `url` (which must not exist): manifest, records in
    /// ascending order, result reduced in that order.
    public func write(into url: URL) throws {
        let started = Date()
        try FileOutput.makeDirectory(url.path)
        let out = RunDirectory(path: url.path)
        let manifest = RunDirectory.Manifest(
            identity: identityJSON, realizations: entries.map(\.realization))
        try out.create(manifest)
        let writer = try out.recordWriter(
            synchronized: false, identityDigest: manifest.identityDigest)
        var average = TwoLevelAverage(dimension: identity.layout.dimension)
        for entry in entries {
            let record = sources[entry.source].record(at: entry.offset)
            try writer.append(record, build: sources[entry.source].build(at: entry.offset))
            average.add(realization: record.noise)
        }
        try writer.close()
        let builds = Build.tally(sources.flatMap(\.scan.builds).map { ($0.build, $0.realizations) })
        let result = identity.result(
            average: average,
            provenance: Provenance(
                started: started, wallSeconds: Date().timeIntervalSince(started), threads: 1,
                builds: builds))
        Build.warnIfMixed(builds)
        try out.writeResult(result, svg: SVGPlot.overview(result))
    }

    /// Builds the output in a hidden sibling directory and renames it into place when
    /// complete, so a failed merge (or catalogue) leaves no half-made output (only, after a
    /// kill -9, the hidden `.NAME.merging-PID` directory). An empty directory at the target
    /// (one the user made for it) is replaced; a non-empty one is never touched.
    public static func writeAtomically(_ output: String, _ body: (URL) throws -> Void) throws {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let staging = target.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).merging-\(getpid())")
        let fm = FileManager.default
        try? fm.removeItem(at: staging)
        try FileOutput.makeDirectory(staging.path)
        do {
            try body(staging)
            _ = rmdir(target.path)  // succeeds only for an empty directory
            do { try fm.moveItem(at: staging, to: target) } catch {
                throw IOFailure.write(target.path, error: error)
            }
        } catch let failure as IOFailure {
            // Name the file the user asked for, not the hidden staging directory.
            try? fm.removeItem(at: staging)
            throw IOFailure(
                failure.description.replacingOccurrences(of: staging.path, with: target.path))
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }
}
