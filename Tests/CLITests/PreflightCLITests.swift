import Foundation
import FoundationXML
import Testing
import AndersonNoise
import TestSupport

/// `validate` with a planned run's options: exit codes, the JSON `preflight` object, `--for`,
/// and a JUnit file that a JUnit reader (Foundation's XMLParser) accepts.
@Suite struct PreflightCLITests {
    /// A failing plan (Lie at dt = 0.5 with a million realizations) and a passing one.
    static let failing = [
        "--length", "10", "--initial", "product", "--scheme", "lie", "--dt", "0.5", "--times",
        "0,1,2,5,10",
        "--realizations", "1000000", "--noise-realizations", "100", "--check-length", "6",
    ]
    static let passing = [
        "--length", "10", "--initial", "product", "--scheme", "strang", "--dt", "0.05", "--times",
        "0,1,2,5,10",
        "--realizations", "20", "--noise-realizations", "10", "--check-length", "6",
        "--observables", "energy,entanglement",
    ]

    /// What a JUnit reader sees: suites with their counts, test cases with failures.
    final class JUnitReader: NSObject, XMLParserDelegate {
        var suites: [(name: String, tests: Int, failures: Int)] = []
        var cases = 0
        var failures: [String] = []
        var totals: (tests: Int, failures: Int)?

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String]
        ) {
            switch name {
            case "testsuites":
                totals = (
                    Int(attributes["tests"] ?? "") ?? -1, Int(attributes["failures"] ?? "") ?? -1
                )
            case "testsuite":
                suites.append(
                    (
                        attributes["name"] ?? "", Int(attributes["tests"] ?? "") ?? -1,
                        Int(attributes["failures"] ?? "") ?? -1
                    ))
            case "testcase": cases += 1
            case "failure": failures.append(attributes["message"] ?? "")
            default: break
            }
        }
    }

    static func read(_ path: String) throws -> JUnitReader {
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: path)))
        let reader = JUnitReader()
        parser.delegate = reader
        #expect(parser.parse(), "XMLParser: \(String(describing: parser.parserError))")
        return reader
    }

    @Test func failingPlanExitsOneWithAReadableJUnitReport() throws {
        let dir = CLI.temporaryPath()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let out = try CLI.run(
            ["validate"] + Self.failing + [
                "--quiet", "--output", dir + "/report.json", "--junit", dir + "/report.xml",
            ])
        #expect(out.status == 1, "stderr: \(out.stderr)")
        let json = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: dir + "/report.json")))
        let checks = try #require(json["checks"]?.arrayValue)
        let failed = checks.filter { $0["outcome"]?.stringValue == "FAIL" }
        let reader = try Self.read(dir + "/report.xml")
        #expect(reader.cases == checks.count)
        #expect(reader.totals?.tests == checks.count && reader.totals?.failures == failed.count)
        #expect(reader.suites.map(\.tests).reduce(0, +) == checks.count)
        #expect(reader.failures.count == failed.count && !failed.isEmpty)
        #expect(reader.failures.allSatisfy { $0.contains("measured") && $0.contains("criterion") })
        let preflight = try #require(json["preflight"])
        #expect(preflight["passed"] == .bool(false))
        for key in [
            "scheme", "dt", "length", "sampled_realizations", "times", "observables",
            "suggested_dt",
        ] {
            #expect(preflight[key] != nil, "preflight.\(key)")
        }
        let energy = try #require(preflight["observables"]?["energy"])
        #expect(
            energy["bias"]?.arrayValue?.count == 5
                && energy["planned_stderr"]?.arrayValue?.count == 5)
        #expect(energy["passed"] == .bool(false) && (energy["worst_ratio"]?.doubleValue ?? 0) > 0.5)
        #expect((preflight["suggested_dt"]?.doubleValue ?? 1) < 0.5)
    }

    @Test func passingPlanExitsZeroAndForDirReproducesIt() throws {
        let dir = CLI.temporaryPath()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let out = try CLI.run(
            ["validate"] + Self.passing + [
                "--quiet", "--output", dir + "/a.json", "--junit", dir + "/a.xml",
            ])
        #expect(out.status == 0, "stdout: \(out.stdout) stderr: \(out.stderr)")
        #expect(out.stdout.contains("EST"), "the entanglement row is an estimate")
        let reader = try Self.read(dir + "/a.xml")
        #expect(reader.failures.isEmpty && reader.cases > 0)
        // The same plan as a run directory (a run of 2 realizations: --for reads only run.json's
        // parameters).
        let run = [
            "--length", "10", "--initial", "product", "--scheme", "strang", "--dt", "0.05",
            "--times", "0,1,2,5,10",
            "--realizations", "20", "--noise-realizations", "10", "--observables",
            "energy,entanglement",
        ]
        let started = try CLI.run(
            ["trajectories"] + run + ["--shard", "1/10", "--quiet", "--output", dir + "/run"])
        #expect(started.status == 0, "\(started.stderr)")
        let again = try CLI.run([
            "validate", "--for", dir + "/run", "--check-length", "6", "--quiet", "--output",
            dir + "/b.json",
        ])
        #expect(again.status == 0, "\(again.stderr)")
        let a = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: dir + "/a.json")))
        let b = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: dir + "/b.json")))
        // Everything but the measured CPU time.
        func plan(_ report: JSONValue) -> JSONValue? {
            guard case .object(let pairs)? = report["preflight"] else { return nil }
            return .object(pairs.filter { $0.0 != "cost" })
        }
        #expect(plan(a) != nil)
        #expect(plan(a) == plan(b), "--for DIR must run exactly the plan its run.json holds")
    }

    static let badInput: [[String]] = [
        ["--length", "10", "--pilot", "1x4"],
        ["--length", "4", "--potential", "0.1,0.2,0.3,0.4", "--pilot", "0x4"],
        ["--length", "10", "--verdict-window", "20:30", "--times", "0,1,2"],
        ["--length", "10", "--verdict-window", "2:1"],
        ["--length", "10", "--verdict-window", "x"],
        ["--length", "10", "--pilot", "4by4"],
        ["--length", "10", "--bias-budget", "0"],
        ["--length", "10", "--target-stderr", "-1"],
        ["--length", "10", "--sample", "0"],
        ["--length", "10", "--check-length", "3"],
        ["--length", "10", "--dt", "0"],
        ["--length", "10", "--scheme", "euler"],
        ["--length", "1"],
        ["--length", "10", "--bogus-option", "1"],
        ["--length", "10", "--quick"],
        ["--for", "/nonexistent/run"],
        ["--for", "/tmp", "--length", "10"],
    ]

    @Test(arguments: badInput)
    func badInputExits64WritingNothing(arguments: [String]) throws {
        let path = CLI.temporaryPath()
        let out = try CLI.run(
            ["validate"] + arguments + ["--output", path, "--junit", path + ".xml"])
        #expect(out.status == 64, "\(arguments): status \(out.status), stderr \(out.stderr)")
        #expect(!out.stderr.isEmpty)
        #expect(
            !FileManager.default.fileExists(atPath: path)
                && !FileManager.default.fileExists(atPath: path + ".xml"))
    }

    /// --for refuses a run of another solver, naming it.
    @Test func forRefusesOtherSolvers() throws {
        let dir = CLI.temporaryPath()
        let made = try CLI.run([
            "closure", "--length", "6", "--realizations", "2", "--times", "0,1", "--quiet",
            "--output", dir,
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let out = try CLI.run(["validate", "--for", dir])
        #expect(out.status == 64 && out.stderr.contains("closure"), "\(out.stderr)")
    }

    /// --for holds the run it reads to the limits of a run (`RunSpec.validate`), as the options
    /// would be: a run.json edited to a length outside 2...100000 is refused naming --length.
    @Test func forRefusesARunOutOfRange() throws {
        let dir = CLI.temporaryPath()
        let made = try CLI.run([
            "trajectories", "--length", "8", "--realizations", "2", "--noise-realizations", "2",
            "--times", "0,1", "--quiet", "--output", dir,
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let manifest = dir + "/" + RunDirectory.manifestName
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        var edited = text.replacingOccurrences(of: "\"length\": 8", with: "\"length\": 200000")
        #expect(edited != text)
        try edited.write(toFile: manifest, atomically: true, encoding: .utf8)
        // Edited alone, run.json no longer matches its identity digest: refused as edited.
        let unmatched = try CLI.run(["validate", "--for", dir, "--quiet"])
        #expect(
            unmatched.status == 64 && unmatched.stderr.contains("identity was edited"),
            "\(unmatched.status): \(unmatched.stderr)")
        // With its digest recomputed the run itself is read, and held to the limits.
        let identity = try #require(try JSONValue.parse(Data(edited.utf8))["identity"])
        let old = try #require(try JSONValue.parse(Data(text.utf8))["identity"])
        edited = edited.replacingOccurrences(
            of: IdentityDigest.text(IdentityDigest.of(old)),
            with: IdentityDigest.text(IdentityDigest.of(identity)))
        try edited.write(toFile: manifest, atomically: true, encoding: .utf8)
        let out = try CLI.run(["validate", "--for", dir, "--quiet"])
        #expect(
            out.status == 64 && out.stderr.contains("--length 200000"),
            "\(out.status): \(out.stderr)")
    }

    /// --for reads the run's own spec: a run with several noisy sites is checked at those
    /// sites with their gammas (before the run spec was typed it was checked as the default
    /// one-site run and passed, exit 0; then refused): the report records them, and its bias
    /// differs from the default one-site plan's. The paper scheme with several sites has no
    /// exact average: refused, exit 64, naming --scheme, nothing written.
    @Test(arguments: [
        (["--noise-site", "2,5", "--gamma", "0.3,2"], [2.0, 5], [0.3, 2]),
        (["--noise-spacing", "4"], [4.0, 8], [1.0, 1]),
    ])
    func forSeveralNoisySitesChecksThem(
        noise: [String], sites: [Double], gammas: [Double]
    )
        throws
    {
        let dir = CLI.temporaryPath()
        let plan = [
            "--length", "8", "--realizations", "4", "--noise-realizations", "2", "--times",
            "0,1,2", "--observables", "energy,density",
        ]
        let made = try CLI.run(["trajectories"] + plan + ["--quiet", "--output", dir] + noise)
        #expect(made.status == 0, "\(made.stderr)")
        let report = CLI.temporaryPath(), single = CLI.temporaryPath()
        let out = try CLI.run([
            "validate", "--for", dir, "--check-length", "6", "--pilot", "2x2", "--quiet",
            "--output", report,
        ])
        #expect([0, 1].contains(out.status), "\(out.status): \(out.stderr)")
        let one = try CLI.run(
            ["validate"] + plan + [
                "--check-length", "6", "--pilot", "2x2", "--quiet", "--output", single,
            ])
        #expect([0, 1].contains(one.status), "\(one.status): \(one.stderr)")
        let a = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: report)))["preflight"]
        let b = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: single)))["preflight"]
        #expect(a?["noise_sites"]?.flattenedNumbers == sites)
        #expect(a?["gammas"]?.flattenedNumbers == gammas)
        #expect(b?["noise_sites"]?.flattenedNumbers == [4])
        #expect(
            a?["observables"]?["energy"]?["bias"] != b?["observables"]?["energy"]?["bias"],
            "the several-site plan must not be checked as the one-site plan")
        let paper = CLI.temporaryPath()
        let refused = try CLI.run(
            ["validate"] + plan + noise + [
                "--scheme", "paper", "--dt", "0.5", "--quiet", "--output", paper,
            ])
        #expect(refused.status == 64 && refused.stderr.contains("--scheme"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: paper))
    }

    static func preflight(_ path: String) throws -> JSONValue? {
        try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path)))["preflight"]
    }

    /// One chain of 30 sites (W = 1, ground state at half filling, t to 100): the paper
    /// scheme at dt = 1 with 2000 noise realizations must fail (its O(dt) bias is tens of
    /// standard errors), Strang at dt = 0.05 with 20 must pass (its bias is 1e-3 of the
    /// planned error of the energy and the density profile). The old rule (the worst single
    /// component over all times) failed this Strang plan at its first step, on one site where
    /// bias and planned error are both at the noise floor.
    @Test func thirtySiteChainFailsThePaperSchemeAndPassesStrang() throws {
        let chain = [
            "--length", "30", "--disorder", "1", "--initial", "ground", "--realizations", "1",
            "--seed", "5", "--t-max", "100", "--check-length", "6", "--quiet",
        ]
        let paper = CLI.temporaryPath(), strang = CLI.temporaryPath()
        let a = try CLI.run(
            ["validate"] + chain + [
                "--scheme", "paper", "--dt", "1", "--noise-realizations", "2000", "--output",
                paper,
            ])
        #expect(a.status == 1, "\(a.stdout)")
        #expect(try Self.preflight(paper)?["passed"] == .bool(false))
        let b = try CLI.run(
            ["validate"] + chain + [
                "--scheme", "strang", "--dt", "0.05", "--noise-realizations", "20", "--output",
                strang,
            ])
        #expect(b.status == 0, "\(b.stdout)")
        let judged = try Self.preflight(strang)?["observables"]
        for name in ["energy", "density"] {
            let ratio = judged?[name]?["ratio"]?.flattenedNumbers ?? []
            #expect(!ratio.isEmpty && ratio.allSatisfy { $0 <= 0.5 }, "\(name): \(ratio)")
        }
    }

    /// A transport plan (an excitation on the noisy site, only rms_displacement written, Strang
    /// dt = 0.1, 100 x 10): its bias exceeds the budget only at the first output times, where
    /// the planned error of R is smallest. The verdict judges only what the run writes, lists
    /// the failing times, says so in words and names the free remedy; judged from t = 0.5, or
    /// on a grid from t = 1, it passes.
    @Test func transportPlanFailsOnlyAtItsFirstStepsAndSaysSo() throws {
        let plan = [
            "--length", "40", "--disorder", "2", "--initial", "excitation", "--site", "20",
            "--noise-site", "20", "--realizations", "100", "--noise-realizations", "10",
            "--scheme", "strang", "--dt", "0.1", "--observables", "rms_displacement",
            "--check-length", "6", "--quiet",
        ]
        let path = CLI.temporaryPath()
        let out = try CLI.run(["validate"] + plan + ["--t-max", "100", "--output", path])
        #expect(out.status == 1, "\(out.stdout)")
        let report = try #require(try Self.preflight(path))
        guard case .object(let judged)? = report["observables"] else {
            Issue.record("no observables in \(report)")
            return
        }
        #expect(judged.map(\.0) == ["rms_displacement"], "only what the run writes is judged")
        let failing =
            report["observables"]?["rms_displacement"]?["failing_times"]?
            .flattenedNumbers ?? []
        #expect(!failing.isEmpty && failing.allSatisfy { $0 <= 0.5 }, "\(failing)")
        #expect(out.stdout.contains("above the budget at the first \(failing.count)"))
        #expect(out.stdout.contains("cheapest remedy"), "\(out.stdout)")
        let windowed = try CLI.run(
            ["validate"] + plan + ["--t-max", "100", "--verdict-window", "0.5:"])
        #expect(windowed.status == 0, "\(windowed.stdout)")
        let later = try CLI.run(["validate"] + plan + ["--times", "1,2,5,10,20,50,100"])
        #expect(later.status == 0, "\(later.stdout)")
    }

    /// The small chain's lindblad = closure row is held to what both solvers promise at the
    /// user's --tolerance (1e-6 is accepted; the row was held to a fixed 1e-9 and failed at
    /// 2.3e-7), and one chain takes a pilot of one block (--pilot 1x8).
    @Test func userToleranceAndOneBlockPilotAreAccepted() throws {
        let path = CLI.temporaryPath()
        let out = try CLI.run([
            "validate", "--length", "10", "--potential",
            "0.3,-0.5,0.8,-0.1,0.2,0.6,-0.7,0.4,0,-0.2",
            "--noise-realizations", "8", "--times", "0,1,2,5", "--tolerance", "1e-6",
            "--pilot", "1x8", "--check-length", "8", "--quiet", "--output", path,
        ])
        #expect([0, 1].contains(out.status), "\(out.stderr)")
        let rows = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path)))["checks"]
        guard case .array(let checks)? = rows else {
            Issue.record("no checks")
            return
        }
        let row = try #require(
            checks.first { $0["name"]?.stringValue?.contains("lindblad = closure") == true })
        let measured = try #require(row["measured"]?.doubleValue)
        let tolerance = try #require(row["tolerance"]?.doubleValue)
        #expect(row["outcome"]?.stringValue == "PASS", "\(measured) against \(tolerance)")
        #expect(measured > 1e-9, "at tolerance 1e-6 the solvers differ by more than 1e-9")
    }
}
