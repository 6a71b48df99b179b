import Foundation
import ChainModel
import LinearAlgebra
import Execution
import Statistics
import Formats

/// The framing of `records.bin`, one record per completed disorder realization (little
/// endian): magic "ANR1", realization (Int64, 0-based), noise count (Int64), dimension n
/// (Int64), mean[n] (Float64), M2[n] (Float64), FNV-1a 64-bit checksum of all the preceding
/// bytes of the record. Every record of a run has the run's layout dimension, so all records
/// have the same length.
///
/// Reading trusts nothing: a record is used only when its length fits the file, its checksum
/// matches and its fields agree with the run (`Expectation`); an allocation is made only for a
/// record that fits in the bytes read, so memory is bounded by the file size.
public enum RecordFile {
    package static let magic: [UInt8] = Array("ANR1".utf8)
    package static let headerBytes = 28

    /// What every record of a run must satisfy.
    public struct Expectation: Sendable {
        /// The layout dimension of the run.
        public var dimension: Int
        /// Noise realizations per record (the run's M, 1 for a deterministic solver).
        public var noiseCount: Int
        /// The realizations the run directory may hold (its manifest), ascending.
        public var realizations: [Int]

        public init(dimension: Int, noiseCount: Int, realizations: [Int]) {
            precondition(
                zip(realizations, realizations.dropFirst()).allSatisfy { $0 < $1 },
                "realizations must ascend")
            self.dimension = dimension
            self.noiseCount = noiseCount
            self.realizations = realizations
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

        package var recordBytes: Int { RecordFile.headerBytes + 16 * dimension + 8 }
    }

    /// Where each valid record starts, in file order, and how many leading bytes hold valid
    /// records (a torn last record, cut short by a crash, lies beyond).
    public struct Scan: Sendable, Equatable {
        public var entries: [(realization: Int, offset: Int)]
        public var validBytes: Int

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

    public static func encode(_ record: RealizationRecord) -> [UInt8] {
        var bytes = magic
        bytes.reserveCapacity(headerBytes + 16 * record.noise.dimension + 8)
        func put(_ x: UInt64) { withUnsafeBytes(of: x.littleEndian) { bytes += $0 } }
        put(UInt64(bitPattern: Int64(record.realization)))
        put(UInt64(bitPattern: Int64(record.noise.count)))
        put(UInt64(record.noise.dimension))
        for x in record.noise.mean { put(x.bitPattern) }
        for x in record.noise.m2 { put(x.bitPattern) }
        put(bytes.withUnsafeBytes { fnv1a($0) })
        return bytes
    }

    /// The fields of the record at `start` when its length fits in the bytes (no checksum test).
    package static func fields(
        _ bytes: UnsafeRawBufferPointer, at start: Int
    ) -> (realization: Int64, count: Int64, dimension: Int, length: Int)? {
        let available = bytes.count - start
        guard available >= headerBytes + 8,
            magic.indices.allSatisfy({ bytes[start + $0] == magic[$0] })
        else { return nil }
        let n = word(bytes, start + 20)
        guard n <= UInt64((available - headerBytes - 8) / 16) else { return nil }
        return (
            Int64(bitPattern: word(bytes, start + 4)), Int64(bitPattern: word(bytes, start + 12)),
            Int(n), headerBytes + 16 * Int(n) + 8
        )
    }

    /// The fields of the record at `start` if it is intact (magic, length within the bytes,
    /// checksum), whatever its dimension; nil otherwise.
    package static func intact(
        _ bytes: UnsafeRawBufferPointer, at start: Int
    ) -> (realization: Int64, count: Int64, dimension: Int, length: Int)? {
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
                mean[i] = Double(bitPattern: word(bytes, start + headerBytes + 8 * i))
                m2[i] = Double(bitPattern: word(bytes, start + headerBytes + 8 * (f.dimension + i)))
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
        while offset < bytes.count {
            guard let h = intact(bytes, at: offset), h.dimension == run.dimension else {
                if let h = intact(bytes, at: offset) {
                    throw Invalid(
                        description:
                            "record at byte \(offset) has dimension \(h.dimension); this "
                            + "run's layout has \(run.dimension) (a record of another run)"
                    )
                }
                var next = offset + run.recordBytes
                while next + run.recordBytes <= bytes.count {
                    if let later = intact(bytes, at: next), later.dimension == run.dimension {
                        throw Invalid(
                            description:
                                "corrupted record at byte \(offset) (intact records follow "
                                + "at byte \(next))"
                        )
                    }
                    next += run.recordBytes
                }
                return Scan(entries: entries, validBytes: offset)
            }
            let named = "record at byte \(offset) (realization \(h.realization &+ 1))"
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
            where !Double(bitPattern: word(bytes, offset + headerBytes + 8 * i)).isFinite {
                throw Invalid(description: "\(named): non-finite value at position \(i)")
            }
            seen[slot] = offset
            entries.append((r, offset))
            offset += h.length
        }
        return Scan(entries: entries, validBytes: offset)
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
public final class RecordWriter {
    private let file: AppendFile
    private let synchronized: Bool

    public init(url: URL, synchronized: Bool) throws {
        file = try AppendFile(path: url.path)
        self.synchronized = synchronized
    }

    public func append(_ record: RealizationRecord) throws {
        try file.append(RecordFile.encode(record))
        if synchronized { try file.synchronize() }
    }

    public func close() throws {
        try file.close()
    }
}
