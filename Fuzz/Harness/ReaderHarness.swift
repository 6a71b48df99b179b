import Foundation
import ChainModel
import Formats
import RunStorage

/// The readers of user files, driven with arbitrary bytes: by the libFuzzer targets
/// (`Fuzz/Targets`, built and run by `ci/fuzz.sh`) and, with every input a fuzzer found, by
/// the regression tests. A reader must answer every input with a value or a thrown error,
/// never a trap, an allocation beyond a bound set by the input size, or a hang; what it
/// accepts must satisfy the properties checked here (a violation stops the fuzzer: a finding).
public enum ReaderHarness {
    /// A broken property of an accepted input.
    static func require(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { fatalError("reader property violated: \(what())") }
    }

    /// `--potential LIST` and `--potential @FILE`: finite values, at most one per two bytes (a
    /// digit and a newline), and written back one per line they read back bit-identical.
    public static func potentialFile(_ data: Data) {
        if let list = try? NumberList.parse(
            String(decoding: data, as: UTF8.self), option: "--potential")
        {
            require(
                list.allSatisfy(\.isFinite) && list.count <= data.count / 2 + 1,
                "list of \(list.count) values accepted")
        }
        guard let values = try? NumberList.parse(file: data, option: "--potential", name: "@input")
        else { return }
        require(values.allSatisfy(\.isFinite), "non-finite potential accepted")
        require(
            values.count <= data.count / 2 + 1, "\(values.count) values from \(data.count) bytes")
        let text = values.map { "\($0)" }.joined(separator: "\n")
        let again = try? NumberList.parse(
            file: Data(text.utf8), option: "--potential", name: "@again")
        require(
            again?.map(\.bitPattern) == values.map(\.bitPattern), "potentials do not round-trip")
    }

    /// The JSON files (`result.json`, `run.json`, `figure.json`): the parser, and on what it
    /// accepts every reader of those files: run manifest, ensemble identity (with its
    /// layout), figure manifest, and the curves a figure panel reads from a result, through
    /// to the SVG plot. Whatever parses serializes back to an equal value.
    public static func runFiles(_ data: Data) {
        guard let json = try? JSONValue.parse(data) else { return }
        for pretty in [false, true] {
            let again = try? JSONValue.parse(Data(json.serialized(pretty: pretty).utf8))
            require(again == json, "JSON does not round-trip (pretty: \(pretty))")
        }
        if let manifest = try? RunDirectory.Manifest(data: data, path: "run.json") {
            require(
                zip(manifest.realizations, manifest.realizations.dropFirst()).allSatisfy {
                    $0 < $1
                }, "manifest realizations not ascending")
        }
        if let identity = try? EnsembleIdentity(validating: json["identity"] ?? json) {
            require(identity.layout.times == identity.times.count, "layout and times disagree")
            require(
                identity.layout.dimension <= EnsembleIdentity.maxDimension,
                "dimension beyond its bound")
        }
        if let figure = FigureManifest(json: json) {
            require(!figure.runs.contains { $0.contains("/") }, "run name with a path")
        }
        guard case .object(let observables)? = json["observables"] else { return }
        for (name, _) in observables.prefix(4) {
            guard let observable = Observable(rawValue: name) else { continue }
            for curve in [
                FigureManifest.Curve(label: name, run: "r", observable: observable),
                FigureManifest.Curve(label: name, run: "r", observable: observable, component: 1),
                FigureManifest.Curve(label: name, run: "r", observable: observable, atTime: 1),
            ] {
                guard let (x, y, se) = try? curve.points(from: json, path: "result.json") else {
                    continue
                }
                require(
                    x.count == y.count && (se?.count ?? y.count) == y.count,
                    "curve arrays of different lengths")
                for logX in [true, false] {
                    _ =
                        SVGPlot(
                            title: name, xLabel: "x", yLabel: "y", logX: logX,
                            curves: [SVGPlot.Curve(label: name, x: x, y: y, error: se)]
                        ).svg
                }
            }
        }
    }

    /// `records.bin`. The first byte sets what the run expects (dimension 1...16, noise count
    /// 1...16, realizations 0...7), the rest is the file, read in both framings (without and
    /// with an identity digest). Accepted records are intact, of the expected shape and
    /// digest, distinct, counted once in the builds, and re-encode to their bytes.
    public static func records(_ data: Data) {
        guard let first = data.first else { return }
        let file = Data(data.dropFirst())
        // Both framings: the earlier one, and records stamped with an identity digest.
        for digest in [nil, 0x0123_4567_89ab_cdef] as [UInt64?] {
            let expectation = RecordFile.Expectation(
                dimension: Int(first % 16) + 1, noiseCount: Int(first / 16) + 1,
                realizations: Array(0..<8), identityDigest: digest)
            guard let scan = try? RecordFile.scan(file, expecting: expectation) else { continue }
            require(scan.validBytes <= file.count, "valid bytes beyond the file")
            require(
                Set(scan.entries.map(\.realization)).count == scan.entries.count,
                "a realization accepted twice")
            require(
                scan.builds.map(\.realizations).reduce(0, +) == scan.entries.count,
                "builds do not count every record")
            for entry in scan.entries {
                let record = RecordFile.record(file, at: entry.offset)
                require(
                    record.noise.dimension == expectation.dimension
                        && record.noise.count == expectation.noiseCount, "record of another shape")
                let stamp = RecordFile.stamp(file, at: entry.offset)
                require(stamp?.digest == digest, "record of another digest accepted")
                let bytes = RecordFile.encode(record, stamp: stamp)
                let start = file.startIndex + entry.offset
                // A stamp's commit is read up to its first zero byte, so a stamped record
                // re-encodes to its length, an unstamped one to its very bytes.
                require(
                    file[start...].count >= bytes.count
                        && (stamp != nil || Data(bytes) == file[start..<(start + bytes.count)]),
                    "record does not re-encode")
            }
        }
    }

    /// `check FILE`, the check format (CSV and JSON): what it accepts has at least one time,
    /// finite times strictly increasing, one entry per time in every series, finite values,
    /// and its CSV form reads back equal.
    public static func checkTable(_ data: Data) {
        var tables: [CheckTable] = []
        if let t = try? CheckTable.parse(json: data, name: "input.json") { tables.append(t) }
        if let t = try? CheckTable.parse(csv: String(decoding: data, as: UTF8.self), name: "input")
        {
            tables.append(t)
        }
        for table in tables {
            require(!table.times.isEmpty, "a table without times accepted")
            require(
                table.times.allSatisfy(\.isFinite)
                    && zip(table.times, table.times.dropFirst()).allSatisfy { $0 < $1 },
                "times not finite and increasing")
            for (name, series) in table.observables.entries {
                require(series.count == table.times.count, "\(name): not one entry per time")
                require(
                    series.json.flattenedNumbers?.allSatisfy(\.isFinite) ?? false,
                    "\(name): a non-finite value accepted")
            }
            let csv = CheckTable.csv(times: table.times, observables: table.observables)
            let again = try? CheckTable.parse(csv: csv, name: "again")
            require(
                again?.times == table.times && again?.observables == table.observables,
                "the CSV form does not read back")
        }
    }
}
