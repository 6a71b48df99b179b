import Foundation

/// Compares two results (CONTRACT `compare`): series with standard errors by z-score
/// |a - b| / sqrt(se_a^2 + se_b^2 + e^2), the others by |a - b| <= e, where
/// e = tolerance (1 + |b|) is the deterministic (round-off) allowance, absolute plus relative.
/// The allowance enters the z-score in quadrature because two runs of the same seeds on
/// different machines (other BLAS kernels) differ by round-off that the standard errors do not
/// describe: where the spread is itself at round-off (a product state's entropy at t = 0,
/// se ~ 1e-14) a pure z-score would flag noise.
public struct ResultComparison: Sendable {
    public struct Point: Sendable {
        public let observable: String
        public let index: Int
        public let time: Double
        public let a: Double
        public let b: Double
        /// z-score for stochastic comparisons, else |a - b| / (tolerance (1 + |b|)).
        public let score: Double
        public let byZ: Bool
    }

    public let worst: [Point]
    public let compared: [String]
    public let notCompared: [String]
    public let agree: Bool
    public let problems: [String]

    /// Loads `result.json` from a run directory or a file path.
    public static func load(_ path: String) throws -> JSONValue {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw InputError(option: "compare", value: path, allowed: "a run directory or result.json that exists")
        }
        let file = isDir.boolValue ? URL(fileURLWithPath: path).appendingPathComponent("result.json").path : path
        guard let data = FileManager.default.contents(atPath: file), let json = try? JSONValue.parse(data),
            json["schema"]?.stringValue == SolverResult.schema
        else {
            throw InputError(option: "compare", value: path, allowed: "an anderson-noise result (schema \(SolverResult.schema))")
        }
        return json
    }

    public init(_ a: JSONValue, _ b: JSONValue, tolerance: Double, sigma: Double) {
        var problems: [String] = []
        if a["solver"] != b["solver"] { problems.append("different solvers") }
        let times = a["times"]?.flattenedNumbers ?? []
        if times != b["times"]?.flattenedNumbers { problems.append("different output times") }
        var points: [Point] = [], compared: [String] = [], notCompared: [String] = []
        if problems.isEmpty, case .object(let obsA)? = a["observables"], let obsB = b["observables"] {
            for (name, seriesA) in obsA where !name.hasSuffix("_stderr") {
                guard let seriesB = obsB[name], let xa = seriesA.flattenedNumbers, let xb = seriesB.flattenedNumbers,
                    xa.count == xb.count
                else {
                    notCompared.append(name)
                    continue
                }
                let perTime = max(xa.count / max(times.count, 1), 1)
                let sa = a["observables"]?[name + "_stderr"]?.flattenedNumbers
                let sb = obsB[name + "_stderr"]?.flattenedNumbers
                let byZ = sa?.count == xa.count || sb?.count == xa.count
                compared.append(name)
                for n in xa.indices {
                    let d = abs(xa[n] - xb[n])
                    let allowance = tolerance * (1 + abs(xb[n]))
                    let scale = byZ ? (pow(sa?[n] ?? 0, 2) + pow(sb?[n] ?? 0, 2) + allowance * allowance).squareRoot() : allowance
                    let score = d == 0 ? 0 : d / scale
                    let t = times.isEmpty ? 0 : times[min(n / perTime, times.count - 1)]
                    points.append(Point(observable: name, index: n, time: t, a: xa[n], b: xb[n], score: score.isNaN ? .infinity : score, byZ: byZ))
                }
            }
        } else if problems.isEmpty {
            problems.append("no observables")
        }
        points.sort { $0.score > $1.score }
        worst = Array(points.prefix(8))
        self.compared = compared
        self.notCompared = notCompared
        self.problems = problems
        agree = problems.isEmpty && points.allSatisfy { $0.byZ ? $0.score <= sigma : $0.score <= 1 }
    }
}
