import Foundation
import ChainModel
import LinearAlgebra
import Execution
import Formats
import HDF5Files

/// A run directory (`--output DIR`): the parameters first (`run.json`), then one
/// append-only binary record per completed disorder realization (`records.bin`, framing in
/// `RecordFile`), then the reduced `result.json`, `result.h5`, `result.csv` and `figure.svg`;
/// while a process writes it, `writer.lock` (`RunLock`).
///
/// A record cut short by a crash (kill -9 at any moment) fails the length or checksum test:
/// on resume it is cut off and recomputed, never used. A bad record followed by good ones is
/// corruption, not a crash, and is refused; so is any record that contradicts the manifest.
public struct RunDirectory {
    public let url: URL
    public static let manifestName = "run.json"
    public static let recordsName = "records.bin"
    public static let manifestSchema = "anderson-noise/run/1"
    /// Largest number of disorder realizations of a run (`--realizations`).
    public static let maxRealizations = 10_000_000

    public init(path: String) {
        url = URL(fileURLWithPath: path)
    }

    package var manifestURL: URL { url.appendingPathComponent(Self.manifestName) }
    package var recordsURL: URL { url.appendingPathComponent(Self.recordsName) }

    public var exists: Bool { FileManager.default.fileExists(atPath: manifestURL.path) }

    /// The manifest identifies the run: `identity` must match for resume and merge;
    /// `realizations` (ascending, distinct) says which realizations this directory runs.
    ///
    /// run.json also carries `identity_digest` (`IdentityDigest`), which every record carries
    /// too: a run.json whose identity was edited no longer matches its digest, and records of
    /// another identity do not match it; both are refused. A run.json without it was written
    /// before the digest existed (`predatesDigest`): it and its records are read as before.
    public struct Manifest: Equatable, Sendable {
        public var identity: JSONValue
        public var realizations: [Int]
        /// Read from a run.json written before the identity digest existed: its records are
        /// of the earlier framing, without digest and build.
        public var predatesDigest = false

        public init(identity: JSONValue, realizations: [Int]) {
            self.identity = identity
            self.realizations = realizations
        }

        public static func == (a: Manifest, b: Manifest) -> Bool {
            a.identity == b.identity && a.realizations == b.realizations
        }

        /// What differs from `other`: the names of the parameters and identity fields whose
        /// values differ, and `realizations` (the shard), e.g. "gamma, gammas".
        public func differences(from other: Manifest) -> String {
            func fields(_ m: Manifest) -> [String: JSONValue] {
                guard case .object(let pairs) = m.identity else { return [:] }
                var out: [String: JSONValue] = [:]
                for (key, value) in pairs {
                    if key == "parameters", case .object(let parameters) = value {
                        for (name, v) in parameters { out[name] = v }
                    } else {
                        out["identity " + key] = value
                    }
                }
                return out
            }
            let a = fields(self), b = fields(other)
            var names = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
            if realizations != other.realizations { names.append("realizations of the shard") }
            return names.joined(separator: ", ")
        }

        /// The digest of the identity (`IdentityDigest`).
        public var identityDigest: UInt64 { IdentityDigest.of(identity) }

        /// The digest the directory's records carry: nil when run.json predates it.
        public var recordDigest: UInt64? { predatesDigest ? nil : identityDigest }

        /// Keys of the parameters that record what the run drew from its seed (output, not
        /// input): a directory written before they were recorded holds the same run.
        package static let derivedParameters: Set<String> = ["drawn_occupations"]

        /// The same run: equal manifests, or equal once the derived parameters are dropped from
        /// both (so a run started by an earlier build can be resumed).
        public func isSameRun(as other: Manifest) -> Bool {
            func core(_ m: Manifest) -> Manifest {
                guard case .object(var pairs) = m.identity,
                    let k = pairs.firstIndex(where: { $0.0 == "parameters" }),
                    case .object(let parameters) = pairs[k].1
                else { return m }
                pairs[k].1 = .object(parameters.filter { !Self.derivedParameters.contains($0.0) })
                return Manifest(identity: .object(pairs), realizations: m.realizations)
            }
            return self == other || core(self) == core(other)
        }

        package var json: JSONValue {
            .object([
                ("schema", .string(RunDirectory.manifestSchema)),
                ("identity", identity),
                ("identity_digest", .string(IdentityDigest.text(identityDigest))),
                ("realizations", .numbers(realizations.map(Double.init))),
            ])
        }

        /// Reads a manifest, refusing anything this project would not have written.
        public init(data: Data, path: String) throws {
            let json: JSONValue
            do { json = try JSONValue.parse(data) } catch {
                throw Failure.foreign("\(path): not an anderson-noise run manifest (\(error))")
            }
            guard json["schema"]?.stringValue == RunDirectory.manifestSchema,
                let identity = json["identity"],
                case .object = identity, let list = json["realizations"]?.arrayValue
            else {
                throw Failure.foreign(
                    "\(path): not an anderson-noise run manifest (no \"schema\": "
                        + "\"\(RunDirectory.manifestSchema)\" with an identity and realizations)"
                )
            }
            var realizations: [Int] = []
            realizations.reserveCapacity(list.count)
            for item in list {
                guard let r = item.integer(in: 0...(RunDirectory.maxRealizations - 1)),
                    r > (realizations.last ?? -1)
                else {
                    throw Failure.corrupted(
                        "\(path): realizations must be ascending, distinct indices in "
                            + "0...\(RunDirectory.maxRealizations - 1)"
                    )
                }
                realizations.append(r)
            }
            self.init(identity: identity, realizations: realizations)
            if let recorded = json["identity_digest"] {
                guard let text = recorded.stringValue, let digest = IdentityDigest.parse(text)
                else {
                    throw Failure.corrupted(
                        "\(path): identity_digest must be \"fnv1a64:\" and 16 hex digits")
                }
                guard digest == identityDigest else {
                    throw Failure.corrupted(
                        "\(path): its identity was edited: it no longer matches its "
                            + "identity_digest (\(text) recorded, "
                            + "\(IdentityDigest.text(identityDigest)) computed); its records "
                            + "belong to the identity it was written with"
                    )
                }
            } else {
                predatesDigest = true
            }
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case foreign(String)
        case corrupted(String)

        public var description: String {
            switch self {
            case .foreign(let s), .corrupted(let s): return s
            }
        }
    }

    /// Reads the manifest and checks it and its ensemble identity.
    public func readManifest() throws -> Manifest {
        try readManifestAndIdentity().manifest
    }

    package func readManifestAndIdentity() throws -> (
        manifest: Manifest, identity: EnsembleIdentity
    ) {
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw Failure.foreign("\(url.path): no \(Self.manifestName) (not a run directory)")
        }
        let manifest = try Manifest(data: data, path: manifestURL.path)
        let identity: EnsembleIdentity
        do { identity = try EnsembleIdentity(validating: manifest.identity) } catch {
            throw Failure.corrupted("\(manifestURL.path): \(error)")
        }
        if let last = manifest.realizations.last, last >= identity.realizations {
            throw Failure.corrupted(
                "\(manifestURL.path): realization index \(last) beyond the run's "
                    + "\(identity.realizations)"
            )
        }
        return (manifest, identity)
    }

    /// Writes the manifest (atomically) and an empty record file into the directory, which
    /// must exist.
    /// Makes the run: an empty records.bin, then run.json, written whole under a name of its
    /// own and renamed into place, so that a kill at any moment leaves either a run (run.json
    /// present) or only this tool's scratch (`isScratch`), which a new run may overwrite.
    public func create(_ manifest: Manifest) throws {
        try AppendFile(path: recordsURL.path).close()
        let partial = url.appendingPathComponent(Self.partialManifestName)
        try FileOutput.writeInPlace(Data(manifest.json.serialized().utf8), toFile: partial.path)
        guard rename(partial.path, manifestURL.path) == 0 else {
            throw IOFailure.write(manifestURL.path, code: errno)
        }
    }

    /// run.json while it is being written.
    public static let partialManifestName = ".run.json.partial"

    /// Whether a file of a directory without run.json is this tool's own scratch: the writer's
    /// lock, a run.json still being written, the empty records.bin made before it. A directory
    /// holding only these is taken as new (a run killed while it was being made).
    public static func isScratch(_ name: String) -> Bool {
        [RunLock.fileName, partialManifestName, recordsName].contains(name)
    }

    /// A run directory read and checked: its manifest, its ensemble identity, and where each
    /// record lies. The records stay in the (memory-mapped) file and are read one at a time in
    /// the order they are reduced, so memory does not grow with the number of realizations.
    public struct Contents {
        public let manifest: Manifest
        public let identity: EnsembleIdentity
        public let scan: RecordFile.Scan
        package let bytes: Data

        /// The realizations recorded, ascending, with where they lie.
        public var recorded: [(realization: Int, offset: Int)] {
            scan.entries.sorted { $0.realization < $1.realization }
        }

        /// Every realization of the manifest has its record.
        public var isComplete: Bool { scan.entries.count == manifest.realizations.count }

        public func record(at offset: Int) -> RealizationRecord {
            RecordFile.record(bytes, at: offset)
        }

        /// The build that computed the record at `offset` (`Build.unrecorded` for a record
        /// of the earlier framing).
        public func build(at offset: Int) -> Build {
            RecordFile.stamp(bytes, at: offset)?.build ?? .unrecorded
        }
    }

    /// Reads and checks the manifest, the identity and every record. With `repair`, a torn
    /// last record is cut off the file (the caller holds the directory's exclusive lock).
    public func open(repair: Bool) throws -> Contents {
        let (manifest, identity) = try readManifestAndIdentity()
        var bytes = Data()
        if FileManager.default.fileExists(atPath: recordsURL.path) {
            do { bytes = try Data(contentsOf: recordsURL, options: .alwaysMapped) } catch {
                throw Failure.foreign(
                    "\(recordsURL.path): cannot be read "
                        + "(\((error as NSError).localizedDescription))"
                )
            }
        }
        let scan: RecordFile.Scan
        do {
            var expectation = identity.recordExpectation(realizations: manifest.realizations)
            expectation.identityDigest = manifest.recordDigest
            scan = try RecordFile.scan(bytes, expecting: expectation)
        } catch let e as RecordFile.Invalid {
            throw Failure.corrupted("\(recordsURL.path): \(e)")
        }
        if repair && scan.validBytes < bytes.count {
            guard truncate(recordsURL.path, off_t(scan.validBytes)) == 0 else {
                throw IOFailure.write(recordsURL.path, code: errno)
            }
        }
        return Contents(manifest: manifest, identity: identity, scan: scan, bytes: bytes)
    }

    /// A writer appending to this directory's records, stamped with `identityDigest` (nil:
    /// a directory written before the digest existed, records of the earlier framing).
    public func recordWriter(synchronized: Bool, identityDigest: UInt64?) throws -> RecordWriter {
        try RecordWriter(
            url: recordsURL, synchronized: synchronized, identityDigest: identityDigest)
    }

    /// Writes result.json, result.h5 (the same numbers in HDF5, `HDF5Result`), result.csv
    /// and (if given) figure.svg, each atomically.
    public func writeResult(_ result: SolverResult, svg: String?) throws {
        try FileOutput.makeDirectory(url.path)
        try FileOutput.write(
            result.json.serialized(), toFile: url.appendingPathComponent("result.json").path)
        try HDF5Result.write(
            result, toFile: url.appendingPathComponent(HDF5Result.fileName).path)
        try FileOutput.write(result.csv, toFile: url.appendingPathComponent("result.csv").path)
        if let svg {
            try FileOutput.write(svg, toFile: url.appendingPathComponent("figure.svg").path)
        }
    }
}

extension Build {
    /// One warning line on standard error when the records of a result come from more than
    /// one build (shards or resumed pieces run by different binaries): their numbers may
    /// differ, and result.json's `provenance.builds` lists each.
    public static func warnIfMixed(_ builds: [(build: Build, realizations: Int)]) {
        guard builds.count > 1 else { return }
        let list = builds.map { "\($0.build): \($0.realizations)" }.joined(separator: "; ")
        StandardError.write(
            "anderson-noise: warning: the result averages records of \(builds.count) "
                + "builds (\(list) realizations); they may differ, see provenance.builds "
                + "in result.json\n")
    }
}
