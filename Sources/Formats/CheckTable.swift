import Foundation
import ChainModel

/// A result of someone else's code in the form `check` reads (the CheckYourCode article):
/// output times, the observables at each, their standard errors when the code sampled, and
/// how many independent samples made those errors.
///
/// CSV: a header row, one row per output time. The first column is `time`, then any of the
/// scalar observables (`energy`, `absorbed_energy`, `rms_width`, ...), vector components as
/// `density[i]` (1-based sites, every i from 1 to the largest given), and for any column its
/// standard error `<column>_stderr` (`energy_stderr`, `density_stderr[3]`). JSON: an object
/// with `times`, `observables` (each a list over the times, a vector a list of lists, standard
/// errors under `<name>_stderr`) and optionally `samples`. Every value must be a finite
/// decimal number; times >= 0 and strictly increasing. Anything else is refused naming the
/// column (or key) and the row.
public struct CheckTable: Sendable, Equatable {
    public var times: [Double]
    /// Values and their `_stderr` companions, scalar or vector series.
    public var observables: Observables
    /// The number of independent samples behind the standard errors (JSON `samples`).
    public var samples: Int?

    public init(times: [Double], observables: Observables, samples: Int? = nil) {
        self.times = times
        self.observables = observables
        self.samples = samples
    }

    /// Observables a file may hold as one number per time.
    public static let scalars: [Observable] = [
        .energy, .absorbedEnergy, .rmsWidth, .rmsDisplacement, .purity, .entropyVN, .entanglement,
    ]
    /// Observables a file may hold as one vector per time (`density[i]`).
    public static let vectors: [Observable] = [.density, .populations]

    /// Largest file read: 1e5 output times of 25 columns at 25 characters each.
    public static let maxFileBytes = 64_000_000

    /// Whether the observables hold standard errors.
    public var hasStandardErrors: Bool { observables.names.contains(where: Observable.isStderrKey) }

    /// Reads `path`: JSON when it ends in `.json`, else CSV.
    public static func read(path: String) throws -> CheckTable {
        guard let handle = FileHandle(forReadingAtPath: path),
            let data = try? handle.read(upToCount: maxFileBytes + 1)
        else {
            throw InputError(option: "FILE", value: path, allowed: "a readable CSV or JSON file")
        }
        guard data.count <= maxFileBytes else {
            throw InputError(
                option: "FILE", value: path, allowed: "at most \(maxFileBytes) bytes")
        }
        if path.lowercased().hasSuffix(".json") { return try parse(json: data, name: path) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(option: "FILE", value: path, allowed: "UTF-8 text")
        }
        return try parse(csv: text, name: path)
    }

    /// A column's observable and its 0-based component (nil for a scalar), and whether it is
    /// a standard error: `energy`, `density[3]`, `density_stderr[3]`.
    static func column(_ header: String) -> (Observable, component: Int?, stderr: Bool)? {
        var name = Substring(header.trimmingCharacters(in: .whitespaces))
        var component: Int?
        if name.hasSuffix("]"), let open = name.firstIndex(of: "[") {
            guard let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]),
                i >= 1
            else { return nil }
            component = i - 1
            name = name[..<open]
        }
        guard let observable = Observable(fileKey: String(name)) else { return nil }
        let allowed = component == nil ? scalars : vectors
        guard allowed.contains(observable) else { return nil }
        return (observable, component, Observable.isStderrKey(String(name)))
    }

    static var allowedColumns: String {
        (scalars.map(\.rawValue) + vectors.map { "\($0.rawValue)[i]" }).joined(separator: ", ")
            + ", each optionally with <column>_stderr"
    }

    /// Parses the CSV form.
    public static func parse(csv text: String, name: String) throws -> CheckTable {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.hasPrefix("\u{FEFF}") ? $0.dropFirst() : $0 }
            .enumerated().filter { !$0.element.allSatisfy(\.isWhitespace) }
        guard let header = lines.first else {
            throw InputError(option: name, value: "", allowed: "a header row and one row per time")
        }
        let headers = header.element.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard headers.first == "time" else {
            throw InputError(
                option: "\(name) column 1", value: "'\(headers.first ?? "")'",
                allowed: "the first column must be time")
        }
        var columns: [(Observable, component: Int?, stderr: Bool)] = []
        for h in headers.dropFirst() {
            guard let c = column(h) else {
                throw InputError(
                    option: "\(name) column", value: "'\(h)'",
                    allowed: "unknown column; allowed: time, \(allowedColumns)")
            }
            if columns.contains(where: { $0 == c }) {
                throw InputError(option: "\(name) column", value: "'\(h)'", allowed: "repeated")
            }
            columns.append(c)
        }
        var rows: [[Double]] = []
        for (n, line) in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == headers.count else {
                throw InputError(
                    option: "\(name) row \(n + 1)", value: "\(fields.count) fields",
                    allowed: "\(headers.count), one per header column (a missing value?)")
            }
            rows.append(
                try zip(fields, headers).map { field, h in
                    guard let x = NumberList.number(field) else {
                        throw InputError(
                            option: "\(name) row \(n + 1), column \(h)",
                            value: "'\(field.trimmingCharacters(in: .whitespaces))'",
                            allowed: "a finite decimal number")
                    }
                    return x
                })
        }
        let rowNumbers = lines.dropFirst().map { $0.offset + 1 }
        let times = rows.map { $0[0] }
        try checkTimes(times, name: name, row: { "row \(rowNumbers[$0])" })
        var observables = Observables()
        var order: [(Observable, Bool)] = []
        for c in columns where !order.contains(where: { $0 == (c.0, c.stderr) }) {
            order.append((c.0, c.stderr))
        }
        for (observable, stderr) in order {
            let key = stderr ? observable.stderrKey : observable.rawValue
            let mine = columns.indices.filter { columns[$0].0 == observable }
                .filter { columns[$0].stderr == stderr }
            if columns[mine[0]].component != nil {
                let components = mine.map { columns[$0].component! }
                let n = components.max()! + 1
                guard Set(components).count == n else {
                    let missing = (0..<n).first { !components.contains($0) }!
                    throw InputError(
                        option: "\(name) column", value: "'\(key)[\(missing + 1)]'",
                        allowed: "missing: give every component from 1 to \(n)")
                }
                let at = Dictionary(uniqueKeysWithValues: mine.map { (columns[$0].component!, $0) })
                observables[key] = .vector(rows.map { row in (0..<n).map { row[at[$0]! + 1] } })
            } else {
                observables[key] = .scalar(rows.map { $0[mine[0] + 1] })
            }
        }
        let table = CheckTable(times: times, observables: observables)
        try table.checkCompanions(name: name)
        return table
    }

    /// Parses the JSON form.
    public static func parse(json data: Data, name: String) throws -> CheckTable {
        guard let json = try? JSONValue.parse(data) else {
            throw InputError(option: name, value: "", allowed: "a JSON object")
        }
        return try parse(document: json, name: name)
    }

    /// Parses the JSON form from its document (a parsed JSON file, or a result.h5 read back
    /// as the document result.json holds).
    public static func parse(document json: JSONValue, name: String) throws -> CheckTable {
        guard case .object = json else {
            throw InputError(option: name, value: "", allowed: "a JSON object")
        }
        guard let times = json["times"]?.arrayValue?.compactMap(\.doubleValue),
            times.count == json["times"]?.arrayValue?.count
        else {
            throw InputError(
                option: "\(name) key times", value: "", allowed: "a list of finite numbers")
        }
        try checkTimes(times, name: name, row: { "times[\($0)]" })
        guard case .object(let pairs)? = json["observables"], !pairs.isEmpty else {
            throw InputError(
                option: "\(name) key observables", value: "",
                allowed: "an object of series, one entry per time")
        }
        var observables = Observables()
        for (key, value) in pairs {
            let scalar = column(key)
            guard scalar != nil || column(key + "[1]") != nil else {
                throw InputError(
                    option: "\(name) key observables", value: "'\(key)'",
                    allowed: "unknown; allowed: \(allowedColumns)")
            }
            guard let items = value.arrayValue, items.count == times.count else {
                throw InputError(
                    option: "\(name) observables.\(key)",
                    value: "\(value.arrayValue?.count ?? 0) entries",
                    allowed: "one per time (\(times.count))")
            }
            func number(_ v: JSONValue, _ where_: String) throws -> Double {
                guard case .number(let x) = v, x.isFinite else {
                    throw InputError(
                        option: "\(name) observables.\(key)\(where_)",
                        value: v.serialized(pretty: false), allowed: "a finite number")
                }
                return x
            }
            if scalar != nil {
                observables[key] = .scalar(
                    try items.enumerated().map { try number($1, "[\($0)]") })
            } else {
                let rows = try items.enumerated().map { t, v in
                    try (v.arrayValue ?? [v]).enumerated().map { try number($1, "[\(t)][\($0)]") }
                }
                guard let n = rows.first?.count, n > 0, rows.allSatisfy({ $0.count == n }) else {
                    throw InputError(
                        option: "\(name) observables.\(key)", value: "",
                        allowed: "the same number of components (>= 1) at every time")
                }
                observables[key] = .vector(rows)
            }
        }
        var samples: Int?
        if let s = json["samples"] {
            guard let n = s.integer(in: 1...10_000_000_000_000) else {
                throw InputError(
                    option: "\(name) key samples", value: s.serialized(pretty: false),
                    allowed: "an integer in 1...10000000000000")
            }
            samples = n
        }
        let table = CheckTable(times: times, observables: observables, samples: samples)
        try table.checkCompanions(name: name)
        return table
    }

    static func checkTimes(_ times: [Double], name: String, row: (Int) -> String) throws {
        guard !times.isEmpty else {
            throw InputError(option: name, value: "no rows", allowed: "at least one output time")
        }
        for (n, t) in times.enumerated() {
            guard t.isFinite && t >= 0 && t <= 1e12 else {
                throw InputError(
                    option: "\(name) \(row(n)), column time", value: "\(t)", allowed: "[0, 1e12]")
            }
            if n > 0 && t <= times[n - 1] {
                throw InputError(
                    option: "\(name) \(row(n)), column time", value: "\(t)",
                    allowed: "times strictly increasing (after \(times[n - 1]))")
            }
        }
    }

    /// Every standard error belongs to a value of the same shape, and at least one value.
    func checkCompanions(name: String) throws {
        for key in observables.names where Observable.isStderrKey(key) {
            let base = String(key.dropLast(Observable.stderrSuffix.count))
            guard let v = observables[base] else {
                throw InputError(
                    option: "\(name) column", value: "'\(key)'",
                    allowed: "a standard error needs its value column \(base)")
            }
            if case .vector(let x) = v, case .vector(let s) = observables[key]!,
                x.first?.count != s.first?.count
            {
                throw InputError(
                    option: "\(name) column", value: "'\(key)'",
                    allowed: "one standard error per component of \(base) (\(x.first?.count ?? 0))")
            }
        }
        let values = observables.names.filter { !Observable.isStderrKey($0) }
        guard !values.isEmpty else {
            throw InputError(
                option: name, value: "no observable",
                allowed: "at least one of \(Self.allowedColumns)")
        }
    }

    /// The CSV form of `times` and the scalar and vector series of `observables`, 17
    /// significant digits (every double read back exactly).
    public static func csv(times: [Double], observables: Observables) -> String {
        var headers = ["time"]
        var columns: [[Double]] = [times]
        for (name, series) in observables.entries {
            switch series {
            case .scalar(let x):
                headers.append(name)
                columns.append(x)
            case .vector(let x):
                for i in (x.first ?? []).indices {
                    headers.append("\(name)[\(i + 1)]")
                    columns.append(x.map { $0[i] })
                }
            case .matrix, .complexMatrix: continue
            }
        }
        var out = headers.joined(separator: ",") + "\n"
        for n in times.indices {
            out += columns.map { String(format: "%.17g", $0[n]) }.joined(separator: ",") + "\n"
        }
        return out
    }
}
