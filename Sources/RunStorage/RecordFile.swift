import Foundation
import ChainModel
import LinearAlgebra
import Execution
import Statistics
import Formats

/// The framing of `records.bin`, one record per completed disorder realization (little
/// endian): magic "ANR2", realization (Int64, 0-based), noise count (Int64), dimension n
/// (Int64), the run's identity digest (`IdentityDigest`, UInt64), the build that computed it
/// (dirty flag as UInt64 0 or 1, git commit as 64 bytes of ASCII padded with zero bytes),
/// mean[n] (Float64), M2[n] (Float64), FNV-1a 64-bit checksum of all the preceding bytes of
/// the record. Every record of a run has the run's layout dimension, so all records have the
/// same length. A directory written before the digest existed (its run.json has no
/// `identity_digest`) holds records of the earlier framing, "ANR1" without the digest and the
/// build; those are read (and appended) as before.
///
/// Reading trusts nothing: a record is used only when its length fits the file, its checksum
/// matches and its fields agree with the run (`Expectation`); an allocation is made only for a
/// record that fits in the bytes read, so memory is bounded by the file size.
public enum RecordFile {
    package static let magic: [UInt8] = Array("ANR1".utf8)
    package static let headerBytes = 28
    package static let stampedMagic: [UInt8] = Array("ANR2".utf8)
    package static let commitBytes = 64
    package static let stampedHeaderBytes = headerBytes + 16 + commitBytes

    /// What a record of the current framing carries besides its numbers: the digest of its
    /// run's identity and the build that computed it.
    public struct Stamp: Sendable, Equatable {
        public var digest: UInt64
        public var build: Build

        public init(digest: UInt64, build: Build) {
            self.digest = digest
            self.build = build
        }
    }

    /// What every record of a run must satisfy.
    public struct Expectation: Sendable {
        /// The layout dimension of the run.
        public var dimension: Int
        /// Noise realizations per record (the run's M, 1 for a deterministic solver).
        public var noiseCount: Int
        /// The realizations the run directory may hold (its manifest), ascending.
        public var realizations: [Int]
        /// The digest of the run's identity every record must carry; nil for a directory
        /// written before the digest existed, whose records are of the earlier framing.
        public var identityDigest: UInt64?

        public init(
            dimension: Int, noiseCount: Int, realizations: [Int], identityDigest: UInt64? = nil
        ) {
            precondition(
                zip(realizations, realizations.dropFirst()).allSatisfy { $0 < $1 },
                "realizations must ascend")
            self.dimension = dimension
            self.noiseCount = noiseCount
            self.realizations = realizations
            self.identityDigest = identityDigest
        }

        /// Position of `r` in `realizations` (binary search), nil if it is not there.
        package func position(of r: Int) -> Int? {
            var low = 0, high = realizations.count
            while low < high {
                let mid = (low + high) / 2
                if realizations[mid] < r { low = mid + 1 } else { high = mid }
            }
            return low < realizations.count && realizations[low] == r ? low : nil
        }

        package var recordBytes: Int {
            (identityDigest == nil ? RecordFile.headerBytes : RecordFile.stampedHeaderBytes)
                + 16 * dimension + 8
        }
    }

    /// Where each valid record starts, in file order, and how many leading bytes hold valid
    /// records (a torn last record, cut short by a crash, lies beyond).
    public struct Scan: Sendable, Equatable {
        public var entries: [(realization: Int, offset: Int)]
        public var validBytes: Int
        /// The builds that computed the records, with how many each, in the order first met
        /// (`Build.unrecorded` for records of the earlier framing).
        public var builds: [(build: Build, realizations: Int)] = []

        public init(entries: [(realization: Int, offset: Int)], validBytes: Int) {
            self.entries = entries
            self.validBytes = validBytes
        }

        public static func == (a: Scan, b: Scan) -> Bool {
            a.validBytes == b.validBytes
                && a.entries.map(\.realization) == b.entries.map(\.realization)
                && a.entries.map(\.offset) == b.entries.map(\.offset)
        }
    }

    /// A record that contradicts its run (exit 64 at the command line).
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The record's bytes: with a stamp in the current framing, without one in the earlier
    /// framing (a directory written before the digest existed).
    public static func encode(_ record: RealizationRecord, stamp: Stamp? = nil) -> [UInt8] {
        var bytes = stamp == nil ? magic : stampedMagic
        bytes.reserveCapacity(stampedHeaderBytes + 16 * record.noise.dimension + 8)
        func put(_ x: UInt64) { withUnsafeBytes(of: x.littleEndian) { bytes += $0 } }
        put(UInt64(bitPattern: Int64(record.realization)))
        put(UInt64(bitPattern: Int64(record.noise.count)))
        put(UInt64(record.noise.dimension))
        if let stamp {
            put(stamp.digest)
            put(stamp.build.dirty ? 1 : 0)
            let commit = Array((stamp.build.commit ?? "").utf8.prefix(commitBytes))
            bytes += commit + [UInt8](repeating: 0, count: commitBytes - commit.count)
        }
        for x in record.noise.mean { put(x.bitPattern) }
        for x in record.noise.m2 { put(x.bitPattern) }
        put(bytes.withUnsafeBytes { fnv1a($0) })
        return bytes
    }

    /// The fields of the record at `start` when its length fits in the bytes (no checksum test).
    /// `header` is where the numbers start (the framing's header length), `stamped` whether
    /// the record is of the current framing.
    package static func fields(
        _ bytes: UnsafeRawBufferPointer, at start: Int
    ) -> (
        realization: Int64, count: Int64, dimension: Int, length: Int, header: Int, stamped: Bool
    )? {
        let available = bytes.count - start
        guard available >= headerBytes + 8 else { return nil }
        let stamped: Bool
        if magic.indices.allSatisfy({ bytes[start + $0] == magic[$0] }) {
            stamped = false
        } else if stampedMagic.indices.allSatisfy({ bytes[start + $0] == stampedMagic[$0] }) {
            stamped = true
        } else {
            return nil
        }
        let header = stamped ? stampedHeaderBytes : headerBytes
        guard available >= header + 8 else { return nil }
        let n = word(bytes, start + 20)
        guard n <= UInt64((available - header - 8) / 16) else { return nil }
        return (
            Int64(bitPattern: word(bytes, start + 4)), Int64(bitPattern: word(bytes, start + 12)),
            Int(n), header + 16 * Int(n) + 8, header, stamped
        )
    }

    /// The stamp of the record at `start` (which `fields` accepted): nil for the earlier
    /// framing.
    package static func stamp(_ bytes: UnsafeRawBufferPointer, at start: Int) -> Stamp? {
        guard let f = fields(bytes, at: start), f.stamped else { return nil }
        let commit = (0..<commitBytes).map { bytes[start + headerBytes + 16 + $0] }
        let text = String(decoding: commit.prefix { $0 != 0 }, as: UTF8.self)
        return Stamp(
            digest: word(bytes, start + headerBytes),
            build: Build(
                commit: text.isEmpty ? nil : text,  // a record merged from an unrecorded build
                dirty: word(bytes, start + headerBytes + 8) != 0))
    }

    /// The stamp of the record at `start`, which `scan` accepted (nil: the earlier framing).
    public static func stamp(_ data: Data, at start: Int) -> Stamp? {
        data.withUnsafeBytes { stamp($0, at: start) }
    }

    /// The fields of the record at `start` if it is intact (magic, length within the bytes,
    /// checksum), whatever its dimension; nil otherwise.
    package static func intact(
        _ bytes: UnsafeRawBufferPointer, at start: Int
    ) -> (
        realization: Int64, count: Int64, dimension: Int, length: Int, header: Int, stamped: Bool
    )? {
        guard let f = fields(bytes, at: start),
            word(bytes, start + f.length - 8)
                == fnv1a(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + f.length - 8)]))
        else { return nil }
        return f
    }

    package static func word(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }

    /// The record at `start`, which `scan` accepted.
    public static func record(_ data: Data, at start: Int) -> RealizationRecord {
        data.withUnsafeBytes { bytes in
            guard let f = fields(bytes, at: start) else {
                preconditionFailure("no record at byte \(start)")
            }
            var mean = [Double](repeating: 0, count: f.dimension), m2 = mean
            for i in 0..<f.dimension {
                mean[i] = Double(bitPattern: word(bytes, start + f.header + 8 * i))
                m2[i] = Double(bitPattern: word(bytes, start + f.header + 8 * (f.dimension + i)))
            }
            return RealizationRecord(
                realization: Int(f.realization),
                noise: RunningStatistics(count: Int(f.count), mean: mean, m2: m2))
        }
    }

    /// Checks every record against the run and indexes them. A record that is not intact
    /// with intact records after it (at the positions records of this length would occupy)
    /// is corruption; one with nothing intact after it is a torn tail (a crash while it was
    /// written), left out. An intact record of another dimension, another noise count, a
    /// realization outside the manifest, a realization seen before or a non-finite value is
    /// an error naming it: such a record would be averaged wrongly or twice.
    public static func scan(_ data: Data, expecting run: Expectation) throws -> Scan {
        try data.withUnsafeBytes { try scan($0, expecting: run) }
    }

    package static func scan(
        _ bytes: UnsafeRawBufferPointer, expecting run: Expectation
    ) throws -> Scan {
        var entries: [(realization: Int, offset: Int)] = []
        // offset of each manifest realization's record
        var seen = [Int](repeating: -1, count: run.realizations.count)
        var offset = 0
        let stamped = run.identityDigest != nil
        var builds: [(build: Build, realizations: Int)] = []
        func finish(_ valid: Int) -> Scan {
            var scan = Scan(entries: entries, validBytes: valid)
            scan.builds = builds
            return scan
        }
        while offset < bytes.count {
            guard let h = intact(bytes, at: offset), h.dimension == run.dimension,
                h.stamped == stamped
            else {
                if let h = intact(bytes, at: offset) {
                    if h.dimension != run.dimension {
                        throw Invalid(
                            description:
                                "record at byte \(offset) has dimension \(h.dimension); this "
                                + "run's layout has \(run.dimension) (a record of another run)"
                        )
                    }
                    throw Invalid(
                        description:
                            "record at byte \(offset) is "
                            + (stamped
                                ? "of the framing without an identity digest, but run.json has "
                                    + "one (a record of another run)"
                                : "stamped with an identity digest, but run.json has none "
                                    + "(a record of another run)")
                    )
                }
                var next = offset + run.recordBytes
                while next + run.recordBytes <= bytes.count {
                    if let later = intact(bytes, at: next), later.dimension == run.dimension,
                        later.stamped == stamped
                    {
                        throw Invalid(
                            description:
                                "corrupted record at byte \(offset) (intact records follow "
                                + "at byte \(next))"
                        )
                    }
                    next += run.recordBytes
                }
                return finish(offset)
            }
            let named = "record at byte \(offset) (realization \(h.realization &+ 1))"
            let mark = stamp(bytes, at: offset)
            if let mark, let expected = run.identityDigest, mark.digest != expected {
                throw Invalid(
                    description:
                        "\(named) carries identity digest \(IdentityDigest.text(mark.digest)); "
                        + "run.json's identity has \(IdentityDigest.text(expected)) (a record of "
                        + "another run: other parameters, seed, times or realizations); "
                        + "refusing to average it")
            }
            let build = mark?.build ?? .unrecorded
            if builds.last?.build == build {
                builds[builds.count - 1].realizations += 1
            } else if let k = builds.firstIndex(where: { $0.build == build }) {
                builds[k].realizations += 1
            } else {
                builds.append((build, 1))
            }
            guard let r = Int(exactly: h.realization), let slot = run.position(of: r) else {
                throw Invalid(
                    description: "\(named): not a realization of this run directory's manifest")
            }
            guard seen[slot] < 0 else {
                throw Invalid(
                    description:
                        "realization \(r + 1) appears twice (records at bytes "
                        + "\(seen[slot]) and \(offset)); refusing to count it twice"
                )
            }
            guard h.count == Int64(run.noiseCount) else {
                throw Invalid(
                    description:
                        "\(named): \(h.count) noise realizations; this run has \(run.noiseCount)")
            }
            for i in 0..<(2 * h.dimension)
            where !Double(bitPattern: word(bytes, offset + h.header + 8 * i)).isFinite {
                throw Invalid(description: "\(named): non-finite value at position \(i)")
            }
            seen[slot] = offset
            entries.append((r, offset))
            offset += h.length
        }
        return finish(offset)
    }

    package static func fnv1a(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}

/// Appends records to a `records.bin`, each flushed to disk before `append` returns when
/// `synchronized` (a run, so a crash loses at most the record being written), or once at
/// `close` (a merge, which renames its output into place only when complete).
///
/// With an identity digest each record is stamped with it and its build (the current
/// framing); without one (a directory written before the digest existed) records are of the
/// earlier framing.
public final class RecordWriter {
    private let file: AppendFile
    private let synchronized: Bool
    private let identityDigest: UInt64?

    public init(url: URL, synchronized: Bool, identityDigest: UInt64?) throws {
        file = try AppendFile(path: url.path)
        self.synchronized = synchronized
        self.identityDigest = identityDigest
    }

    /// Appends `record`, computed by `build` (this binary's unless it is copied from another
    /// directory).
    public func append(_ record: RealizationRecord, build: Build = .current) throws {
        try file.append(
            RecordFile.encode(
                record, stamp: identityDigest.map { RecordFile.Stamp(digest: $0, build: build) }))
        if synchronized { try file.synchronize() }
    }

    public func close() throws {
        try file.close()
    }
}
