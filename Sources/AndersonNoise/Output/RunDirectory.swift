import Foundation

/// A run directory (CONTRACT `--output DIR`): the parameters first (`run.json`), then one
/// append-only binary record per completed disorder realization (`records.bin`), then the
/// reduced `result.json`, `result.csv` and `figure.svg`.
///
/// Record framing (little endian): magic "ANR1", realization (Int64), noise count (Int64),
/// dimension n (Int64), mean[n] (Float64), M2[n] (Float64), FNV-1a 64-bit checksum of all the
/// preceding bytes of the record. A record cut short by a crash (kill -9 at any moment) fails
/// the length or checksum test: on resume it is cut off and recomputed, never used. A bad
/// record followed by good ones is corruption, not a crash, and is refused.
public struct RunDirectory {
    public let url: URL
    public static let manifestName = "run.json"
    public static let recordsName = "records.bin"
    static let magic: [UInt8] = Array("ANR1".utf8)

    public init(path: String) {
        url = URL(fileURLWithPath: path)
    }

    var manifestURL: URL { url.appendingPathComponent(Self.manifestName) }
    var recordsURL: URL { url.appendingPathComponent(Self.recordsName) }

    public var exists: Bool { FileManager.default.fileExists(atPath: manifestURL.path) }

    /// The manifest identifies the run: `identity` must match for resume and merge; `shard`
    /// says which realizations this directory runs.
    public struct Manifest: Equatable, Sendable {
        public var identity: JSONValue
        public var realizations: [Int]

        public init(identity: JSONValue, realizations: [Int]) {
            self.identity = identity
            self.realizations = realizations
        }

        var json: JSONValue {
            .object([
                ("schema", .string("anderson-noise/run/1")),
                ("identity", identity),
                ("realizations", .numbers(realizations.map(Double.init))),
            ])
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

    public func readManifest() throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw Failure.foreign("\(url.path): no \(Self.manifestName) (not a run directory)")
        }
        guard let json = try? JSONValue.parse(data), json["schema"]?.stringValue == "anderson-noise/run/1",
            let identity = json["identity"], let rs = json["realizations"]?.flattenedNumbers
        else {
            throw Failure.foreign("\(manifestURL.path): not an anderson-noise run manifest")
        }
        return Manifest(identity: identity, realizations: rs.map { Int($0) })
    }

    /// Creates the directory and writes the manifest (atomically) and an empty record file.
    public func create(_ manifest: Manifest) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(manifest.json.serialized().utf8).write(to: manifestURL, options: .atomic)
        _ = FileManager.default.createFile(atPath: recordsURL.path, contents: Data())
    }

    /// Reads every valid record. A torn record at the end is dropped (and cut off from the
    /// file when `repair` is set); an invalid record before a valid one is corruption.
    public func readRecords(repair: Bool = false) throws -> [RealizationRecord] {
        guard let data = FileManager.default.contents(atPath: recordsURL.path) else { return [] }
        let bytes = [UInt8](data)
        var records: [RealizationRecord] = []
        var offset = 0
        while offset < bytes.count {
            guard let (record, length) = Self.decode(bytes, at: offset) else {
                if Self.containsValidRecord(bytes, after: offset) {
                    throw Failure.corrupted("\(recordsURL.path): corrupted record at byte \(offset)")
                }
                if repair {
                    let handle = try FileHandle(forWritingTo: recordsURL)
                    try handle.truncate(atOffset: UInt64(offset))
                    try handle.close()
                }
                break
            }
            records.append(record)
            offset += length
        }
        return records
    }

    /// Appends one record and flushes it to disk before returning.
    public func append(_ record: RealizationRecord) throws {
        if !FileManager.default.fileExists(atPath: recordsURL.path) {
            _ = FileManager.default.createFile(atPath: recordsURL.path, contents: Data())
        }
        let handle = try FileHandle(forWritingTo: recordsURL)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Self.encode(record))
        try handle.synchronize()
    }

    static func encode(_ record: RealizationRecord) -> Data {
        var bytes = magic
        func put(_ x: UInt64) { withUnsafeBytes(of: x.littleEndian) { bytes += $0 } }
        put(UInt64(bitPattern: Int64(record.realization)))
        put(UInt64(bitPattern: Int64(record.noise.count)))
        put(UInt64(record.noise.dimension))
        for x in record.noise.mean { put(x.bitPattern) }
        for x in record.noise.m2 { put(x.bitPattern) }
        put(fnv1a(bytes[...]))
        return Data(bytes)
    }

    static func decode(_ bytes: [UInt8], at start: Int) -> (RealizationRecord, Int)? {
        func get(_ at: Int) -> UInt64? {
            guard at + 8 <= bytes.count else { return nil }
            var x: UInt64 = 0
            for k in 0..<8 { x |= UInt64(bytes[at + k]) << (8 * UInt64(k)) }
            return x
        }
        guard start + 4 <= bytes.count, Array(bytes[start..<start + 4]) == magic,
            let r = get(start + 4), let count = get(start + 12), let n = get(start + 20), n < (1 << 40)
        else { return nil }
        let dim = Int(n)
        let end = start + 28 + 16 * dim
        guard let sum = get(end), sum == fnv1a(bytes[start..<end]) else { return nil }
        var mean = [Double](repeating: 0, count: dim), m2 = mean
        for i in 0..<dim {
            mean[i] = Double(bitPattern: get(start + 28 + 8 * i)!)
            m2[i] = Double(bitPattern: get(start + 28 + 8 * (dim + i))!)
        }
        let stats = RunningStatistics(count: Int(Int64(bitPattern: count)), mean: mean, m2: m2)
        return (RealizationRecord(realization: Int(Int64(bitPattern: r)), noise: stats), end + 8 - start)
    }

    static func containsValidRecord(_ bytes: [UInt8], after offset: Int) -> Bool {
        var i = offset + 1
        while i + 4 <= bytes.count {
            if bytes[i] == magic[0] && Array(bytes[i..<i + 4]) == magic && decode(bytes, at: i) != nil { return true }
            i += 1
        }
        return false
    }

    static func fnv1a(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// Writes result.json, result.csv and (if given) figure.svg, each atomically.
    public func writeResult(_ result: SolverResult, svg: String?) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(result.json.serialized().utf8).write(to: url.appendingPathComponent("result.json"), options: .atomic)
        try Data(result.csv.utf8).write(to: url.appendingPathComponent("result.csv"), options: .atomic)
        if let svg { try Data(svg.utf8).write(to: url.appendingPathComponent("figure.svg"), options: .atomic) }
    }
}
