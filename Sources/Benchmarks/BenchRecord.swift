import AndersonNoise
import Foundation

/// The record of one `bench` run (bench.json, schema anderson-noise/bench/1): the machine, the
/// mode and the seconds of each case; and its comparison with a stored record.
public struct BenchRecord: Sendable {
    public static let schema = "anderson-noise/bench/1"
    public static let fileName = "bench.json"

    public var machine: String
    /// Recorded with `--quick` (smaller cases: only comparable with the same mode).
    public var quick: Bool
    /// Seconds of each case, in the order run.
    public var cases: [(name: String, seconds: Double)]

    public init(machine: String, quick: Bool, cases: [(name: String, seconds: Double)]) {
        self.machine = machine
        self.quick = quick
        self.cases = cases
    }

    /// The file form, with the build's provenance and the date.
    public var json: JSONValue {
        .object([
            ("schema", .string(Self.schema)),
            ("machine", .string(machine)),
            ("version", .string(Provenance.version)),
            ("git_commit", .string(Provenance.buildCommit)),
            ("git_dirty", .bool(Provenance.buildDirty)),
            ("date", .string(ISO8601DateFormatter().string(from: Date()))),
            ("quick", .bool(quick)),
            ("cases", .object(cases.map { ($0.name, .number($0.seconds)) })),
        ])
    }

    /// Writes bench.json into `directory` (created if needed).
    public func write(to directory: String) throws {
        try FileOutput.makeDirectory(directory)
        try FileOutput.write(json.serialized(), toFile: directory + "/" + Self.fileName)
    }

    /// A stored record's mode and seconds of each case; nil when the file is not a readable
    /// bench.json.
    public static func read(path: String) -> (quick: Bool, seconds: [String: Double])? {
        guard let data = FileManager.default.contents(atPath: path),
            let json = try? JSONValue.parse(data), json["schema"]?.stringValue == schema
        else { return nil }
        var seconds: [String: Double] = [:]
        if case .object(let pairs)? = json["cases"] {
            for (name, value) in pairs { seconds[name] = value.doubleValue }
        }
        return (json["quick"] == .bool(true), seconds)
    }

    /// One case timed in both runs: before, now, and whether it is slower by more than
    /// `margin` (a fraction).
    public struct Comparison: Sendable {
        public let name: String
        public let before: Double
        public let seconds: Double
        public let regression: Bool
        public var ratio: Double { seconds / before }
    }

    /// The cases of this run also in `stored`, in this run's order.
    public func compare(with stored: [String: Double], margin: Double) -> [Comparison] {
        cases.compactMap { c in
            stored[c.name].map {
                Comparison(
                    name: c.name, before: $0, seconds: c.seconds,
                    regression: c.seconds / $0 > 1 + margin)
            }
        }
    }
}
