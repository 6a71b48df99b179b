import Foundation
import ChainModel
import LinearAlgebra

/// What a solver run produced: the content of `result.json` (schema
/// `anderson-noise/result/2`, the result file, FileFormats article) and of `result.csv`.
public struct SolverResult: Sendable {
    public static let schema = "anderson-noise/result/2"
    /// The schema before the master's transport observable was renamed (FileFormats, version
    /// history); `compare` still reads it for the other solvers.
    public static let firstSchema = "anderson-noise/result/1"

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
        solver: String, parameters: [(String, JSONValue)], times: [Double],
        observables: Observables,
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
        var stats: [(String, JSONValue)] = [
            ("disorder_realizations", .number(Double(disorderRealizations)))
        ]
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
            out +=
                ([t] + scalars.map { $0.values[n] }).map { "\($0)" }.joined(separator: ",") + "\n"
        }
        return out
    }
}

/// Where a result came from.
public struct Provenance: Sendable {
    public static let version = "0.2.0"
    /// The git commit the binary was built from (`BuildInfo`, written by the build plugin), or
    /// "unknown" for a build outside a git checkout.
    public static let buildCommit = BuildInfo.commit
    /// Whether tracked files differed from that commit when the binary was built.
    public static let buildDirty = BuildInfo.dirty
    /// `0.2.0 (commit 0123abcd..., modified)`, as `--version` prints it.
    public static var versionString: String {
        "\(version) (commit \(buildCommit)\(buildDirty ? ", with uncommitted changes" : ""))"
    }

    public var started: Date
    public var wallSeconds: Double
    public var threads: Int
    /// Every build whose records the result averages, with how many realizations each
    /// contributed, in the order first met (`builds` in result.json; empty: not listed, a
    /// result that has no records).
    public var builds: [(build: Build, realizations: Int)]

    public init(
        started: Date, wallSeconds: Double, threads: Int,
        builds: [(build: Build, realizations: Int)] = []
    ) {
        self.started = started
        self.wallSeconds = wallSeconds
        self.threads = threads
        self.builds = builds
    }

    public var json: JSONValue {
        let f = ISO8601DateFormatter()
        return .object(
            [
                ("version", .string(Self.version)),
                ("git_commit", .string(Self.buildCommit)),
                ("git_dirty", .bool(Self.buildDirty)),
                ("started", .string(f.string(from: started))),
                ("wall_seconds", .number(wallSeconds)),
                ("threads", .number(Double(threads))),
            ]
                + (builds.isEmpty
                    ? []
                    : [("builds", .array(builds.map { $0.build.json(count: $0.realizations) }))]))
    }
}

/// A build of the binary: the git commit it was built from and whether tracked files differed
/// (as `Provenance` has them). Run directories record it with every record, so a result made
/// of records of several builds (a `git pull` between shards or resumed pieces) lists each.
public struct Build: Hashable, Sendable, CustomStringConvertible {
    /// The commit, or nil for records written before builds were recorded.
    public var commit: String?
    public var dirty: Bool

    public init(commit: String?, dirty: Bool) {
        self.commit = commit
        self.dirty = dirty
    }

    /// This binary's build.
    public static let current = Build(commit: Provenance.buildCommit, dirty: Provenance.buildDirty)
    /// Records of a run directory written before builds were recorded.
    public static let unrecorded = Build(commit: nil, dirty: false)

    public var description: String {
        guard let commit else { return "a build that did not record itself" }
        return "commit \(commit)\(dirty ? " with uncommitted changes" : "")"
    }

    /// `{git_commit, git_dirty, realizations}`; both null for an unrecorded build.
    public func json(count: Int) -> JSONValue {
        .object([
            ("git_commit", commit.map { .string($0) } ?? .null),
            ("git_dirty", commit == nil ? .null : .bool(dirty)),
            ("realizations", .number(Double(count))),
        ])
    }

    /// Counts per build, in the order first met.
    public static func tally(
        _ builds: some Sequence<(Build, Int)>
    ) -> [(build: Build, realizations: Int)] {
        var out: [(build: Build, realizations: Int)] = []
        for (b, n) in builds where n > 0 {
            if let k = out.firstIndex(where: { $0.build == b }) {
                out[k].realizations += n
            } else {
                out.append((b, n))
            }
        }
        return out
    }
}
