import Foundation

/// What a solver run produced: the content of `result.json` (schema
/// `anderson-noise/result/1`, CONTRACT "Result file") and of `result.csv`.
public struct SolverResult: Sendable {
    public static let schema = "anderson-noise/result/1"

    public var solver: String
    /// Every input, in the order written; sites 1-based.
    public var parameters: [(String, JSONValue)]
    public var times: [Double]
    public var observables: Observables
    public var disorderRealizations: Int
    /// Noise realizations per disorder realization (trajectories only).
    public var noiseRealizations: Int?
    public var provenance: Provenance

    public init(
        solver: String, parameters: [(String, JSONValue)], times: [Double], observables: Observables,
        disorderRealizations: Int, noiseRealizations: Int? = nil, provenance: Provenance
    ) {
        self.solver = solver
        self.parameters = parameters
        self.times = times
        self.observables = observables
        self.disorderRealizations = disorderRealizations
        self.noiseRealizations = noiseRealizations
        self.provenance = provenance
    }

    public var json: JSONValue {
        var stats: [(String, JSONValue)] = [("disorder_realizations", .number(Double(disorderRealizations)))]
        if let m = noiseRealizations { stats.append(("noise_realizations", .number(Double(m)))) }
        return .object([
            ("schema", .string(Self.schema)),
            ("solver", .string(solver)),
            ("parameters", .object(parameters)),
            ("times", .numbers(times)),
            ("observables", observables.json),
            ("statistics", .object(stats)),
            ("provenance", provenance.json),
        ])
    }

    /// CSV of the scalar series: a header `time,name1,name2,...`, one row per time.
    public var csv: String {
        let scalars = observables.scalars
        var out = (["time"] + scalars.map(\.name)).joined(separator: ",") + "\n"
        for (n, t) in times.enumerated() {
            out += ([t] + scalars.map { $0.values[n] }).map { "\($0)" }.joined(separator: ",") + "\n"
        }
        return out
    }
}

/// Where a result came from.
public struct Provenance: Sendable {
    public static let version = "0.1.0"
    public var started: Date
    public var wallSeconds: Double
    public var threads: Int
    public var gitCommit: String

    public init(started: Date, wallSeconds: Double, threads: Int, gitCommit: String = Provenance.currentCommit()) {
        self.started = started
        self.wallSeconds = wallSeconds
        self.threads = threads
        self.gitCommit = gitCommit
    }

    public var json: JSONValue {
        let f = ISO8601DateFormatter()
        return .object([
            ("version", .string(Self.version)),
            ("git_commit", .string(gitCommit)),
            ("started", .string(f.string(from: started))),
            ("wall_seconds", .number(wallSeconds)),
            ("threads", .number(Double(threads))),
        ])
    }

    /// The commit of the checkout the executable was built in (found by walking up from the
    /// executable to a `.git` folder), or "unknown".
    public static func currentCommit() -> String {
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        let fm = FileManager.default
        for _ in 0..<8 {
            let git = dir.appendingPathComponent(".git")
            if let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            {
                if head.hasPrefix("ref: ") {
                    let ref = String(head.dropFirst(5))
                    if let sha = try? String(contentsOf: git.appendingPathComponent(ref), encoding: .utf8) {
                        return sha.trimmingCharacters(in: .whitespacesAndNewlines)
                    }
                    if let packed = try? String(contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8),
                        let line = packed.split(separator: "\n").first(where: { $0.hasSuffix(" " + ref) })
                    {
                        return String(line.prefix(40))
                    }
                    return "unknown"
                }
                return head
            }
            if !fm.fileExists(atPath: dir.path) || dir.path == "/" { break }
            dir = dir.deletingLastPathComponent()
        }
        return "unknown"
    }
}
