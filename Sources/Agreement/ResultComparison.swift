import Foundation
import ChainModel
import LinearAlgebra
import Formats
import HDF5Files
import Statistics

/// Compares two results (`compare`, the golden tests, `validate`) of the same physics, made
/// by the same solver or by different ones (`PhysicsIdentity` decides what is the same physics
/// and which observables mean the same thing in both).
///
/// Two modes:
/// - `independent`: two runs that share no random numbers (other seeds, other solvers).
///   A series with standard errors on either side is compared by
///   z = |a - b| / sqrt(se_a^2 + se_b^2 + e^2); the others by |a - b| <= e. The threshold on z
///   is family-wise: with n stochastic points compared and confidence 1 - alpha (default
///   0.999), k is the two-sided Student-t quantile at alpha / n (Bonferroni, so correct results
///   pass with probability >= 1 - alpha however the points are correlated), with
///   nu = min(nu_a, nu_b) degrees of freedom, nu = R - 1 for R >= 2 disorder realizations,
///   else M - 1 for the M noise realizations of one (conservative: the Welch-Satterthwaite
///   nu of the difference is never smaller). A fixed threshold would fail correct runs ever
///   more often as the number of points grows; this one does not.
/// - `sameSeeds`: two runs that must agree to round-off (a golden file and a fresh run of
///   the same command): every series, standard errors included, by |a - b| <= e, and the
///   parameters and statistics must be equal.
///
/// The round-off allowance is normwise and symmetric: e = tolerance * max |x| over the
/// observable's values in both files. Round-off in the linear algebra behind every solver is
/// relative to the norm of what is computed, not to each entry, and a max over both sides
/// does not depend on which is called a. A non-finite value (written as null) never agrees,
/// and a comparison in which no point could be compared disagrees.
public struct ResultComparison: Sendable {
    public enum Mode: Sendable, Equatable {
        case independent(confidence: Double)
        case sameSeeds

        public static let standard = Mode.independent(confidence: 0.999)
    }

    public struct Point: Sendable {
        public let observable: String
        /// Position in the observable's flattened series (0-based, file order).
        public let index: Int
        /// The entry as a user names it, sites 1-based: `density(5)`, `rho_s(4,5).re`
        /// (``PointName``).
        public let name: String
        public let time: Double
        public let a: Double
        public let b: Double
        /// z for stochastic points, |a - b| / e for the others.
        public let measure: Double
        /// What `measure` may reach: the threshold k, or 1.
        public let limit: Double
        public let byZ: Bool

        public var passed: Bool { measure <= limit }
        /// measure / limit: above 1 fails.
        public var severity: Double { measure == 0 ? 0 : measure / limit }
    }

    public let mode: Mode
    /// The relative round-off allowance the comparison was made with.
    public let tolerance: Double
    /// The fixed per-point z threshold (`--sigma`) used instead of the family-wise one.
    public let sigma: Double?
    /// Why the two results are not the same physics (`PhysicsIdentity`), if they are not:
    /// then nothing is compared, and `compare` refuses with exit 64.
    public let physicsMismatch: String?
    /// Worst points first (by severity), at most eight.
    public let worst: [Point]
    /// Every compared point, in file order.
    public let points: [Point]
    public let compared: [String]
    public let notCompared: [String]
    public let problems: [String]
    /// Number of stochastic points and the z threshold applied to them (nil when there are none).
    public let stochasticPoints: Int
    public let threshold: Double?
    public let degreesOfFreedom: Double?
    /// Why the standard errors cannot support a test, when they cannot: a side with standard
    /// errors whose sample counts are missing, not whole numbers, or give fewer than
    /// `minimumDegreesOfFreedom` (then a difference of any size could pass). Nothing is then
    /// said to agree.
    public let inconclusive: String?
    /// For each stochastic observable, the smallest difference the test could have detected:
    /// the threshold times the combined standard error, the median over the observable's
    /// points (the test's power, in the observable's units).
    public let detectable: [(observable: String, difference: Double)]
    public let agree: Bool

    /// The outcome: agree, disagree, or inconclusive (no usable statistics).
    public enum Verdict: String, Sendable {
        case agree, disagree, inconclusive
    }

    public var verdict: Verdict { inconclusive != nil ? .inconclusive : agree ? .agree : .disagree }

    /// Fewer degrees of freedom leave a family-wise Student-t threshold so large that no
    /// difference a physicist would care about is seen (nu = 2 at 1e-3 over 15 points: k = 144).
    public static let minimumDegreesOfFreedom = 3.0

    /// Loads a result from a run directory (its result.json, else its result.h5) or a file
    /// path: result.json, or result.h5 (told by HDF5's signature, read back as the same
    /// document by `HDF5Result`).
    public static func load(_ path: String) throws -> JSONValue {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw InputError(
                option: "compare", value: path,
                allowed: "a run directory, result.json or result.h5 that exists")
        }
        var file = path
        if isDir.boolValue {
            let directory = URL(fileURLWithPath: path)
            file = directory.appendingPathComponent("result.json").path
            let h5 = directory.appendingPathComponent(HDF5Result.fileName).path
            if !FileManager.default.fileExists(atPath: file)
                && FileManager.default.fileExists(atPath: h5)
            {
                file = h5
            }
        }
        if HDF5Result.isHDF5(path: file) {
            return try HDF5Result.document(path: file, option: "compare")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw InputError(
                option: "compare", value: path,
                allowed: "cannot be read (\(file) is missing or unreadable); expected a "
                    + "result.json, a result.h5 or a run directory holding one")
        }
        guard let json = try? JSONValue.parse(data),
            let schema = json["schema"]?.stringValue,
            schema == SolverResult.schema || schema == SolverResult.firstSchema
        else {
            throw InputError(
                option: "compare", value: path,
                allowed: "is not an anderson-noise result (expected JSON with schema "
                    + "\(SolverResult.schema), or its result.h5)")
        }
        // Schema 1 differs from 2 only in the master's transport name (its rms_displacement
        // was the full width, now rms_width): other solvers' schema-1 files compare as they are.
        if schema == SolverResult.firstSchema && json["solver"]?.stringValue == "master" {
            throw InputError(
                option: "compare", value: path,
                allowed: "a master result of schema \(schema), whose rms_displacement is the "
                    + "full width (rms_width since \(SolverResult.schema)); run it again")
        }
        return json
    }

    /// Degrees of freedom of a result's standard errors: R - 1 for R >= 2 disorder
    /// realizations, else M - 1 for the M noise realizations of one chain; nil when the
    /// counts are missing, not whole numbers, or give none.
    public static func degreesOfFreedom(_ result: JSONValue) -> Double? {
        func count(_ key: String) -> Double? {
            guard let x = result["statistics"]?[key]?.doubleValue else { return 0 }
            return x >= 0 && x == x.rounded() && x < 1e15 ? x : nil
        }
        guard let r = count("disorder_realizations"), let m = count("noise_realizations") else {
            return nil
        }
        if r >= 2 { return r - 1 }
        if m >= 2 { return m - 1 }
        return nil
    }

    // Why family-wise: a fixed |z| <= 4 over 4300 points of a run with 10 realizations
    // (t tails) fails two correct runs 97 % of the time.
    /// The family-wise z threshold for n points at `confidence` with nu degrees of freedom.
    public static func familyThreshold(
        points n: Int, confidence: Double, degreesOfFreedom nu: Double
    ) -> Double {
        StudentT.twoSidedQuantile((1 - confidence) / Double(max(n, 1)), degreesOfFreedom: nu)
    }

    /// - Parameters:
    ///   - a: the first result (a parsed result.json).
    ///   - b: the second result.
    ///   - tolerance: the relative round-off allowance (see the type's documentation).
    ///   - mode: independent results or results of the same seeds (see ``Mode``).
    ///   - sigma: a fixed per-point z threshold instead of the family-wise one.
    /// Refuses comparison settings out of range, naming the quantity (`tolerance`,
    /// `confidence`, `sigma`): a fixed z threshold has no meaning for same seeds.
    public static func validate(
        tolerance: Double, confidence: Double, sigma: Double?, sameSeeds: Bool
    ) throws {
        guard tolerance.isFinite && tolerance >= 0 else {
            throw InputError(option: "tolerance", value: "\(tolerance)", allowed: "must be >= 0")
        }
        guard confidence > 0 && confidence < 1 else {
            throw InputError(
                option: "confidence", value: "\(confidence)", allowed: "allowed (0, 1)")
        }
        if let s = sigma, !(s.isFinite && s > 0) {
            throw InputError(option: "sigma", value: "\(s)", allowed: "must be > 0")
        }
        if sameSeeds && sigma != nil {
            throw InputError(
                option: "sigma/same_seeds", value: "",
                allowed: "not together (no z-scores for the same seeds)")
        }
    }

    public init(
        _ a: JSONValue, _ b: JSONValue, tolerance: Double, mode: Mode = .standard,
        sigma: Double? = nil
    ) {
        self.mode = mode
        self.tolerance = tolerance
        self.sigma = sigma
        var problems: [String] = []
        let solverA = a["solver"]?.stringValue ?? "", solverB = b["solver"]?.stringValue ?? ""
        physicsMismatch = PhysicsIdentity.mismatch(a, b)
        if let m = physicsMismatch { problems.append("not the same physics: \(m)") }
        let times = a["times"]?.flattenedNumbers ?? []
        if mode == .sameSeeds {
            if solverA != solverB { problems.append("different solvers") }
            if PhysicsIdentity.withNoiseLists(a["parameters"])
                != PhysicsIdentity.withNoiseLists(b["parameters"])
            {
                problems.append("different parameters")
            }
            if a["statistics"] != b["statistics"] { problems.append("different statistics") }
        }
        struct Raw {
            package let observable: String, index: Int, name: String, a: Double, b: Double,
                d: Double, scale: Double, byZ: Bool
        }
        var raw: [Raw] = [], compared: [String] = [], notCompared: [String] = []
        var stderrIn = (a: false, b: false)
        let obsA = a["observables"], obsB = b["observables"]
        if problems.isEmpty, case .object(let pairs)? = obsA {
            for (name, seriesA) in pairs where mode == .sameSeeds || !Observable.isStderrKey(name) {
                guard PhysicsIdentity.comparable(name, solvers: solverA, solverB) else { continue }
                guard let xa = seriesA.numbersWithNulls, let xb = obsB?[name]?.numbersWithNulls,
                    xa.count == xb.count
                else {
                    notCompared.append(name)
                    continue
                }
                compared.append(name)
                let e = tolerance * Self.magnitude(xa + xb)
                var sa: [Double]?, sb: [Double]?
                if case .independent = mode {
                    sa = obsA?[Observable.stderrKey(of: name)]?.numbersWithNulls.flatMap {
                        $0.count == xa.count ? $0 : nil
                    }
                    sb = obsB?[Observable.stderrKey(of: name)]?.numbersWithNulls.flatMap {
                        $0.count == xa.count ? $0 : nil
                    }
                }
                let byZ = sa != nil || sb != nil
                let naming = PointName(observable: name, series: seriesA)
                stderrIn = (stderrIn.a || sa != nil, stderrIn.b || sb != nil)
                for n in xa.indices {
                    let scale = byZ ? Self.norm(sa?[n] ?? 0, sb?[n] ?? 0, e) : e
                    raw.append(
                        Raw(
                            observable: name, index: n, name: naming.name(index: n), a: xa[n],
                            b: xb[n], d: abs(xa[n] - xb[n]), scale: scale, byZ: byZ))
                }
            }
            if let b = obsB, case .object(let pairsB) = b {
                for (name, _) in pairsB
                where obsA?[name] == nil && (mode == .sameSeeds || !Observable.isStderrKey(name))
                    && PhysicsIdentity.comparable(name, solvers: solverA, solverB)
                {
                    notCompared.append(name)
                }
            }
        }
        if problems.isEmpty && raw.isEmpty { problems.append("nothing comparable") }
        if mode == .sameSeeds && !notCompared.isEmpty {
            problems.append("observables only in one file: \(notCompared.joined(separator: ", "))")
        }

        let stochastic = raw.filter(\.byZ).count
        var k: Double?, nu: Double?, inconclusive: String?
        if stochastic > 0, case .independent(let confidence) = mode {
            // Only a side with standard errors must say how many samples made them.
            let sides = [("A", a, stderrIn.a), ("B", b, stderrIn.b)].filter { $0.2 }
            for (side, result, _) in sides where inconclusive == nil {
                guard let dof = Self.degreesOfFreedom(result) else {
                    inconclusive =
                        "\(side)'s standard errors have no usable sample count (statistics "
                        + "disorder_realizations / noise_realizations missing, not whole "
                        + "numbers, or fewer than 2)"
                    continue
                }
                if dof < Self.minimumDegreesOfFreedom {
                    inconclusive =
                        "\(side)'s standard errors rest on nu = \(Int(dof)) degrees of freedom; "
                        + "a test needs nu >= \(Int(Self.minimumDegreesOfFreedom))"
                }
            }
            nu = sides.compactMap { Self.degreesOfFreedom($0.1) }.min() ?? 1
            k =
                sigma
                ?? Self.familyThreshold(
                    points: stochastic, confidence: confidence, degreesOfFreedom: nu!)
        }
        var points: [Point] = []
        points.reserveCapacity(raw.count)
        let perObservable = raw.reduce(into: [String: Int]()) { $0[$1.observable, default: 0] += 1 }
        for p in raw {
            let finite = p.a.isFinite && p.b.isFinite
            let measure =
                !finite ? Double.infinity : p.d == 0 ? 0 : p.scale > 0 ? p.d / p.scale : .infinity
            let entriesPerTime = max((perObservable[p.observable] ?? 1) / max(times.count, 1), 1)
            let t = times.isEmpty ? 0 : times[min(p.index / entriesPerTime, times.count - 1)]
            points.append(
                Point(
                    observable: p.observable, index: p.index, name: p.name, time: t, a: p.a,
                    b: p.b,
                    measure: measure,
                    limit: p.byZ ? (k ?? 1) : 1, byZ: p.byZ))
        }
        self.points = points
        worst = Array(points.sorted { $0.severity > $1.severity }.prefix(8))
        self.compared = compared
        self.notCompared = notCompared
        self.problems = problems
        stochasticPoints = stochastic
        threshold = k
        degreesOfFreedom = nu
        self.inconclusive = inconclusive
        var scales: [String: [Double]] = [:], order: [String] = []
        for p in raw where p.byZ {
            if scales[p.observable] == nil { order.append(p.observable) }
            scales[p.observable, default: []].append(p.scale)
        }
        detectable = order.map { name in
            let sorted = scales[name]!.sorted()
            let n = sorted.count
            let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            return (name, (k ?? 1) * median)
        }
        agree = problems.isEmpty && inconclusive == nil && points.allSatisfy(\.passed)
    }

    /// Largest finite |x| (0 when there is none).
    package static func magnitude(_ xs: [Double]) -> Double {
        xs.reduce(0) { $1.isFinite ? max($0, abs($1)) : $0 }
    }

    /// sqrt(x^2 + y^2 + z^2) without overflow or underflow for any finite inputs.
    package static func norm(_ x: Double, _ y: Double, _ z: Double) -> Double {
        let m = max(abs(x), abs(y), abs(z))
        guard m > 0 && m.isFinite else { return m.isNaN ? .nan : m }
        let (u, v, w) = (x / m, y / m, z / m)
        return m * (u * u + v * v + w * w).squareRoot()
    }
}

extension JSONValue {
    /// Every number in a nested array, in order, with null (how a non-finite number is
    /// written) read as NaN; nil when the value holds anything else.
    public var numbersWithNulls: [Double]? {
        switch self {
        case .number(let x): return [x]
        case .null: return [.nan]
        case .array(let a):
            var out: [Double] = []
            for v in a {
                guard let f = v.numbersWithNulls else { return nil }
                out += f
            }
            return out
        default: return nil
        }
    }
}
