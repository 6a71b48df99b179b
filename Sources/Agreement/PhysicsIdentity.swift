import Foundation
import ChainModel
import LinearAlgebra
import Formats
import RunSpecification

/// When two results describe the same physics, so `compare` may put them side by side
/// whatever solver made them, and which observables mean the same thing in both.
///
/// Same physics: the chain (length, hopping; the potentials when both runs have one explicit
/// or recorded chain, otherwise the disorder strength), the noise (the set of noisy sites with
/// their gammas, in any order; files written before several noisy sites were possible hold
/// the scalar `noise_site` and `gamma`, read as a list of one), the
/// initial state (kind, particles, excited site, occupations when explicit, and for one chain
/// the occupations it drew from its seed) and the output
/// times (to 1e-9 relative: a scheme snaps times to its dt grid). Seeds, realization counts,
/// scheme, dt and tolerance may differ: two ensembles or two numerical methods of the same
/// physics are what one compares. A master-equation result with microscopic rates is the
/// transport problem from a density excitation on its `site` (before that was recorded: the
/// noisy site; `MasterRates.microscopic`);
/// ansatz rates have no chain and compare only with ansatz results.
public enum PhysicsIdentity {
    /// Nil when a and b are the same physics; else the first parameter that differs, named,
    /// with both values.
    public static func mismatch(_ a: JSONValue, _ b: JSONValue) -> String? {
        let pa = a["parameters"] ?? .object([]), pb = b["parameters"] ?? .object([])
        let sa = a["solver"]?.stringValue ?? "?", sb = b["solver"]?.stringValue ?? "?"
        func show(_ v: JSONValue?) -> String { v.map { $0.serialized(pretty: false) } ?? "absent" }
        func differs(_ key: String) -> String? {
            pa[key] == pb[key]
                ? nil : "\(key): \(show(pa[key])) in A (\(sa)), \(show(pb[key])) in B (\(sb))"
        }
        let ratesA = pa["rates"]?.stringValue, ratesB = pb["rates"]?.stringValue
        if ratesA == "ansatz" || ratesB == "ansatz" {
            return ratesA == ratesB
                ? differs("length") ?? differs("xi") ?? differs("c") ?? timesMismatch(a, b)
                : "rates: \(ratesA ?? "absent") in A (\(sa)), \(ratesB ?? "absent") in B "
                    + "(\(sb)): ansatz rates have no chain"
        }
        for key in ["length", "hopping"] {
            if let m = differs(key) { return m }
        }
        if noise(pa) != noise(pb) {
            func show(_ n: [[Double]]?) -> String {
                func list(_ x: [Double]) -> String {
                    "[" + x.map(JSONValue.format).joined(separator: ", ") + "]"
                }
                return n.map {
                    "sites \(list($0.map { $0[0] })) with gammas \(list($0.map { $0[1] }))"
                } ?? "absent"
            }
            return
                "noise_sites and gammas: \(show(noise(pa))) in A (\(sa)), "
                + "\(show(noise(pb))) in B (\(sb))"
        }
        if let m = potentialMismatch(pa, pb, sa, sb) { return m }
        let ia = initialState(pa, solver: sa), ib = initialState(pb, solver: sb)
        for key in ["initial", "particles", "site", "occupations"] where ia[key] != ib[key] {
            let why =
                key == "occupations"
                ? " (the initial product states differ; without --occupations one chain "
                    + "draws its state from the seed)" : ""
            return
                "\(key): \(show(ia[key])) in A (\(sa)), \(show(ib[key])) in B (\(sb))\(why)"
        }
        return timesMismatch(a, b)
    }

    /// The noisy sites (1-based) with their gammas as [site, gamma] pairs, sorted by site: from
    /// `noise_sites` and `gammas`, or from the scalar `noise_site` and `gamma` of earlier files.
    package static func noise(_ p: JSONValue) -> [[Double]]? {
        guard let p = withNoiseLists(p), let sites = p["noise_sites"]?.flattenedNumbers,
            let gammas = p["gammas"]?.flattenedNumbers,
            sites.count == gammas.count
        else { return nil }
        return zip(sites, gammas).map { [$0, $1] }.sorted { $0[0] < $1[0] }
    }

    /// A parameter set with `noise_sites` and `gammas`: as it is when it has them, else with
    /// the lists of one made from the scalar `noise_site` and `gamma` (files written before
    /// several noisy sites were possible), so that such a file and a fresh run of the same
    /// command have equal parameters.
    public static func withNoiseLists(_ p: JSONValue?) -> JSONValue? {
        guard case .object(let pairs)? = p, p?["noise_sites"] == nil, let k = p?["noise_site"],
            let g = p?["gamma"]
        else { return p }
        return .object(pairs + [("noise_sites", .array([k])), ("gammas", .array([g]))])
    }

    /// Whether observable `name` means the same thing in results of these two solvers.
    /// `trace` is Tr rho for lindblad and Tr rho_s = N for the others; the master equation's
    /// R is built from eigenstate centres, not from the site profile: each is compared only
    /// between results of the same solver.
    public static func comparable(_ name: String, solvers a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let observable = Observable(fileKey: name) else { return true }
        if observable == .trace { return false }
        return !((a == "master" || b == "master") && observable.isTransport)
    }

    package static func potentialMismatch(
        _ pa: JSONValue, _ pb: JSONValue, _ sa: String, _ sb: String
    ) -> String? {
        // One chain (explicit or recorded) on both sides: the potentials themselves.
        let wa = (pa["potential"] ?? pa["potentials_used"])?.flattenedNumbers
        let wb = (pb["potential"] ?? pb["potentials_used"])?.flattenedNumbers
        switch (wa, wb) {
        case (let x?, let y?):
            guard x.count == y.count,
                zip(x, y).allSatisfy({ abs($0 - $1) <= 1e-12 * max(1, abs($0)) })
            else {
                return
                    "potential: the chains differ (A (\(sa)) and B (\(sb)) have other potentials)"
            }
            return nil
        case (nil, nil):
            return pa["disorder"] == pb["disorder"]
                ? nil
                : "disorder: \(pa["disorder"]?.serialized(pretty: false) ?? "absent") in A "
                    + "(\(sa)), \(pb["disorder"]?.serialized(pretty: false) ?? "absent") in B "
                    + "(\(sb))"
        default:
            let one = wa == nil ? "B (\(sb))" : "A (\(sa))",
                other = wa == nil ? "A (\(sa))" : "B (\(sb))"
            return
                "potential: one chain in \(one), an ensemble drawn with disorder "
                + "\(((wa == nil ? pa : pb)["disorder"])?.serialized(pretty: false) ?? "?") "
                + "in \(other)"
        }
    }

    /// The initial-state parameters, with the master equation's implied excitation. For one
    /// chain (explicit potentials or one realization) in a product state, `occupations` are
    /// the ones it started from: given, or drawn from the seed (`drawn_occupations`; drawn
    /// again from the file's seed when an earlier file did not record them). Two runs of one
    /// chain with other seeds start from other states; an ensemble averages over the draws.
    package static func initialState(_ p: JSONValue, solver: String) -> [String: JSONValue] {
        if solver == "master" {
            let first = p["noise_sites"]?.arrayValue?.first ?? p["noise_site"]
            return ["initial": .string("excitation"), "site": p["site"] ?? first ?? .null]
        }
        var out: [String: JSONValue] = [:]
        for key in ["initial", "particles", "site", "occupations"] {
            if let v = p[key] { out[key] = v }
        }
        if out["initial"]?.stringValue == "excitation" { out["particles"] = nil }
        let oneChain = p["potential"] != nil || p["realizations"]?.doubleValue == 1
        if oneChain && out["initial"]?.stringValue == "product" && out["occupations"] == nil {
            out["occupations"] = p["drawn_occupations"] ?? redrawnOccupations(p, solver: solver)
        }
        return out
    }

    /// The occupations a file's run drew from its seed (realization 0), for files written
    /// before `drawn_occupations` was recorded; nil when the parameters do not read as a run.
    private static func redrawnOccupations(_ p: JSONValue, solver: String) -> JSONValue? {
        guard let spec = try? RunSpec(solver: solver, parameters: p, times: [], observables: nil),
            case .product(let occupations) = spec.initialState(realization: 0)
        else { return nil }
        return .numbers(occupations.map(Double.init))
    }

    /// How to give two runs one grid (`RunSpec.outputTimes`): the same --t-max and
    /// --points-per-decade give lindblad, closure and trajectories the same times when dt
    /// divides 0.1; master keeps an unrounded grid, and another dt rounds to its multiples.
    package static let sameTimesHint =
        " (the default grid is rounded to multiples of 0.1 for lindblad, closure and "
        + "trajectories, then to multiples of dt for a scheme, so the same --t-max and "
        + "--points-per-decade give them the same times when dt divides 0.1; master's grid "
        + "is not rounded; a run from older files, another dt or other grid options differs: "
        + "give both runs the same --times, e.g. multiples of the larger dt)"

    package static func timesMismatch(_ a: JSONValue, _ b: JSONValue) -> String? {
        let ta = a["times"]?.flattenedNumbers ?? [], tb = b["times"]?.flattenedNumbers ?? []
        guard ta.count == tb.count else {
            return "times: \(ta.count) output times in A, \(tb.count) in B" + sameTimesHint
        }
        for (x, y) in zip(ta, tb) where abs(x - y) > 1e-9 * max(abs(x), abs(y), 1e-300) {
            return "times: t = \(x) in A where B has \(y)" + sameTimesHint
        }
        return nil
    }
}
