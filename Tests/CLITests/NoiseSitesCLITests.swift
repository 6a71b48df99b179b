import Foundation
import Numerics
import Testing
import AndersonNoise
import TestSupport

/// Several noisy sites on the command line: `--noise-site K1,K2,...`, `--gamma G1,G2,...`,
/// `--noise-spacing D`; what result files record; bad lists refused by name; `compare`.
@Suite struct NoiseSitesCLITests {
    static let potential = "0.4,-0.9,0.3,1.1,-0.2,-0.7,0.8,0.1,-1.2,0.5,0.9,-0.4"

    static func run(_ arguments: [String]) throws -> String {
        let dir = CLI.temporaryPath()
        let out = try CLI.run(arguments + ["--output", dir, "--quiet"])
        #expect(out.status == 0, "\(arguments): \(out.stderr)")
        return dir
    }

    static func result(_ dir: String) throws -> JSONValue {
        try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: dir + "/result.json")))
    }

    /// The exact transport of an excitation (site 6 of 12) with noise every third site, given
    /// as `--noise-spacing 3` and as `--noise-site 3,6,9,12`, and with its own gamma per site
    /// (`--noise-site 12,3,6 --gamma 0.2,1,0.5`): the closure's density profile and R equal an
    /// independent computation, the dense exponential of the closed equation's L^2 x L^2
    /// superoperator formed in this test, to 1e-9 (the closure's tolerance 1e-10 with the
    /// exponential's own error below 1e-13). The two spellings of the same sites give the
    /// same numbers bit for bit and record the same `noise_sites` and `gammas`.
    @Test func excitationTransportMatchesDenseExponential() throws {
        let base = [
            "closure", "--potential", Self.potential, "--initial", "excitation", "--site", "6",
            "--times", "0,1,5,20",
            "--observables", "density,rms_displacement",
        ]
        let w = try ListParsingTestHelper.numbers(Self.potential)
        for (noise, sites, gammas) in [
            (["--noise-spacing", "3", "--gamma", "0.7"], [3, 6, 9, 12], [0.7, 0.7, 0.7, 0.7]),
            (
                ["--noise-site", "3,6,9,12", "--gamma", "0.7"], [3, 6, 9, 12], [0.7, 0.7, 0.7, 0.7]
            ),
            (["--noise-site", "12,3,6", "--gamma", "0.2,1,0.5"], [12, 3, 6], [0.2, 1, 0.5]),
        ] {
            let json = try Self.result(try Self.run(base + noise))
            let p = try #require(json["parameters"])
            #expect(p["noise_sites"]?.flattenedNumbers == sites.map(Double.init))
            #expect(p["gammas"]?.flattenedNumbers == gammas)
            #expect(
                p["noise_site"] == nil && p["gamma"] == nil,
                "several sites: no scalar noise_site or gamma")
            var g = [Double](repeating: 0, count: 12)
            for (k, gamma) in zip(sites, gammas) { g[k - 1] = gamma }
            let density = try #require(json["observables"]?["density"]?.arrayValue)
            let rms = try #require(json["observables"]?["rms_displacement"]?.flattenedNumbers)
            for (n, t) in [0.0, 1, 5, 20].enumerated() {
                let exact = DenseClosedEquation.profile(
                    potentials: w, strengths: g, site: 5, time: t)
                let mine = try #require(density[n].flattenedNumbers)
                #expect(zip(mine, exact).map { abs($0 - $1) }.max()! < 1e-9, "\(noise) t = \(t)")
                let r =
                    (exact.enumerated().reduce(0) {
                        $0 + Double(($1.offset - 5) * ($1.offset - 5)) * $1.element
                    } / 4).squareRoot()
                #expect(abs(rms[n] - r) < 1e-9, "\(noise) R(t = \(t)) = \(rms[n]), dense \(r)")
            }
        }
        let a = try Self.run(base + ["--noise-spacing", "3", "--gamma", "0.7"])
        let b = try Self.run(base + ["--noise-site", "3,6,9,12", "--gamma", "0.7,0.7,0.7,0.7"])
        #expect(try CLI.observables(a) == CLI.observables(b))
        #expect(try Self.result(a)["parameters"] == Self.result(b)["parameters"])
    }

    /// One noisy site keeps the scalar `noise_site` and `gamma` of earlier files beside the
    /// lists; a result written before the lists existed (the lists removed) is the same run
    /// for `compare --same-seeds` and the same physics for `compare`.
    @Test func oneSiteRecordsScalarsAndLists() throws {
        let dir = try Self.run([
            "closure", "--potential", Self.potential, "--noise-site", "4", "--gamma", "0.3",
            "--t-max", "2",
        ])
        let json = try Self.result(dir)
        let p = try #require(json["parameters"])
        #expect(p["noise_site"] == .number(4) && p["gamma"] == .number(0.3))
        #expect(p["noise_sites"]?.flattenedNumbers == [4] && p["gammas"]?.flattenedNumbers == [0.3])
        guard case .object(let top) = json, case .object(let pairs) = p else {
            Issue.record("not objects"); return
        }
        let old = JSONValue.object(
            top.map {
                $0.0 == "parameters"
                    ? ($0.0, .object(pairs.filter { !["noise_sites", "gammas"].contains($0.0) }))
                    : $0
            })
        #expect(ResultComparison(json, old, tolerance: 1e-12, mode: .sameSeeds).agree)
        #expect(PhysicsIdentity.mismatch(json, old) == nil)
    }

    /// `compare` across solvers with several sites: lindblad and closure agree whatever the
    /// order the sites are given in (the same set of sites and gammas is the same physics),
    /// and other sites or other gammas are refused by name (exit 64, "noise_sites and gammas").
    @Test func compareWithSeveralSites() throws {
        let chain = [
            "--potential", "0.3,-0.8,0.5,0.9,-0.2,-0.6", "--initial", "product", "--occupations",
            "1,0,1,0,1,0", "--times", "0,1,4",
        ]
        let lindblad = try Self.run(
            ["lindblad"] + chain + ["--noise-site", "2,5", "--gamma", "1,0.4"])
        let closure = try Self.run(
            ["closure"] + chain + ["--noise-site", "5,2", "--gamma", "0.4,1"])
        let agree = try CLI.run(["compare", lindblad, closure])
        #expect(agree.status == 0, "\(agree.stdout)")
        for other in [
            ["--noise-site", "2,6", "--gamma", "1,0.4"],
            ["--noise-site", "2,5", "--gamma", "0.4,1"], ["--noise-site", "2"],
        ] {
            let dir = try Self.run(["closure"] + chain + other)
            let refused = try CLI.run(["compare", lindblad, dir])
            #expect(
                refused.status == 64 && refused.stderr.contains("noise_sites and gammas"),
                "\(other): \(refused.stderr)")
        }
    }

    /// Trajectories and the master equation take the same options: a trajectories run with
    /// `--noise-spacing` records the sites; a master run starts on the first noisy site by
    /// default (recorded as `site`), or on `--site`, and records c_s per site.
    @Test func trajectoriesAndMasterTakeTheLists() throws {
        let traj = try Self.result(
            try Self.run([
                "trajectories", "--length", "20", "--noise-spacing", "5", "--gamma", "0.5",
                "--realizations", "2", "--noise-realizations", "2", "--t-max", "1",
            ]))
        #expect(traj["parameters"]?["noise_sites"]?.flattenedNumbers == [5, 10, 15, 20])
        let master = try Self.result(
            try Self.run([
                "master", "--length", "20", "--noise-site", "7,14", "--gamma", "1,0.5",
                "--realizations", "2", "--t-max", "1e6",
            ]))
        #expect(master["parameters"]?["site"] == .number(7))
        #expect(master["parameters"]?["c"]?.flattenedNumbers == [1, 0.5])
        let moved = try Self.result(
            try Self.run([
                "master", "--length", "20", "--noise-site", "7,14", "--site", "10",
                "--realizations", "2", "--t-max", "1e6",
            ]))
        #expect(moved["parameters"]?["site"] == .number(10))
    }

    /// Bad lists: the error line names the option, the value and what is allowed (exit 64 and
    /// nothing written is checked for each by `CLIErrorTests`).
    @Test(arguments: [
        (["--noise-site", "3,5,3"], ["--noise-site", "3,5,3", "repeated", "1...8"]),
        (["--noise-site", "3,9"], ["--noise-site", "9", "1...8"]),
        (
            ["--noise-site", "3,5", "--gamma", "1,2,3"],
            ["--gamma", "1,2,3", "3 values for 2 noisy sites", "one per noisy site"]
        ),
        (["--noise-site", "3,5", "--gamma", "1,-2"], ["--gamma", "-2", ">= 0"]),
        (["--gamma", "nan"], ["--gamma", "nan", "finite"]),
        (["--noise-spacing", "0"], ["--noise-spacing", "0", "1...8"]),
        (["--noise-spacing", "9"], ["--noise-spacing", "9", "1...8"]),
        (["--noise-spacing", "2", "--noise-site", "3"], ["--noise-spacing", "--noise-site"]),
    ])
    func badListsAreNamed(options: [String], expected: [String]) throws {
        let out = try CLI.run(["closure", "--length", "8"] + options)
        #expect(out.status == 64)
        let message = out.stderr.split(separator: "\n").first.map(String.init) ?? ""
        for text in expected { #expect(message.contains(text), "\(options): \(out.stderr)") }
    }
}

/// The potentials of a comma-separated list.
enum ListParsingTestHelper {
    static func numbers(_ spec: String) throws -> [Double] {
        try spec.split(separator: ",").map { try #require(Double(String($0))) }
    }
}

/// The closed equation d rho_s/dt = +i[h, rho_s] - Gamma o rho_s, Gamma_ij = (g_i + g_j)/2
/// (i != j), solved by the dense exponential of its L^2 x L^2 superoperator (vec column by
/// column; scaling and squaring with a 30-term Taylor series at norm <= 1/2, error far below
/// 1e-13): an independent check of the closure for small L.
enum DenseClosedEquation {
    /// The density rho_s[i][i](t) from rho_s(0) = |j><j|, for h with hopping 1.
    static func profile(
        potentials w: [Double], strengths g: [Double], site j: Int, time t: Double
    ) -> [Double] {
        let l = w.count, n = l * l
        func h(_ a: Int, _ b: Int) -> Double { a == b ? w[a] : abs(a - b) == 1 ? -1 : 0 }
        var a = [Complex<Double>](repeating: .zero, count: n * n)  // row-major n x n
        for q in 0..<l {
            for p in 0..<l {
                let row = q * l + p  // entry (p, q) of rho_s
                // i (h X - X h)_pq = i sum_r h_pr X_rq - i sum_r X_pr h_rq
                for r in 0..<l {
                    a[row * n + q * l + r] += Complex(0, h(p, r))
                    a[row * n + r * l + p] -= Complex(0, h(r, q))
                }
                if p != q { a[row * n + row] -= Complex((g[p] + g[q]) / 2, 0) }
            }
        }
        var norm = 0.0
        for row in 0..<n { norm = max(norm, (0..<n).reduce(0) { $0 + a[row * n + $1].length }) }
        var squarings = 0
        var scale = t
        while norm * scale > 0.5 { scale /= 2; squarings += 1 }
        func multiply(_ x: [Complex<Double>], _ y: [Complex<Double>]) -> [Complex<Double>] {
            var z = [Complex<Double>](repeating: .zero, count: n * n)
            for i in 0..<n {
                for k in 0..<n where x[i * n + k] != .zero {
                    let v = x[i * n + k]
                    for m in 0..<n { z[i * n + m] += v * y[k * n + m] }
                }
            }
            return z
        }
        let scaled = a.map { $0 * Complex(scale, 0) }
        var e = [Complex<Double>](repeating: .zero, count: n * n)
        var term = e
        for i in 0..<n { e[i * n + i] = .one; term[i * n + i] = .one }
        for k in 1...30 {
            term = multiply(term, scaled).map { $0 / Complex(Double(k), 0) }
            for i in e.indices { e[i] += term[i] }
        }
        for _ in 0..<squarings { e = multiply(e, e) }
        let start = j * l + j
        return (0..<l).map { e[($0 * l + $0) * n + start].real }
    }
}
