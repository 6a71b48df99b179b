import Foundation
import Testing
import AndersonNoise
import TestSupport

/// `check` on the output of an independent code (`DenseTrajectories`, written in the tests):
/// the correct Strang code agrees with the exact noise average of its scheme, the two planted
/// bugs are found, and bad input is refused with exit 64 naming what is wrong, writing nothing.
@Suite struct CheckCommandTests {
    static let code = DenseTrajectories(
        potentials: [0.3, -0.8, 0.5, 0.9, -0.2, -0.6], gamma: 1, site: 2,
        occupations: [1, 0, 1, 0, 1, 0], dt: 0.1, times: [0, 0.5, 1, 2, 4])
    static let physics = [
        "--length", "6", "--potential", "0.3,-0.8,0.5,0.9,-0.2,-0.6", "--gamma", "1",
        "--noise-site", "3", "--initial", "product", "--occupations", "1,0,1,0,1,0",
    ]
    static let strang = ["--against", "scheme", "--scheme", "strang", "--dt", "0.1"]
    static let trajectories = 2000

    static func file(_ text: String, _ ext: String = "csv") throws -> String {
        let path = CLI.temporaryPath() + "." + ext
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func check(_ path: String, _ extra: [String]) throws -> CLI.Output {
        try CLI.run(["check", path] + physics + extra)
    }

    /// The correct code agrees (a correct result fails with probability <= 1 - confidence, the
    /// test's share of the suite's budget, `StatisticalBudget`; the seed is fixed); a kick of
    /// sqrt(gamma) dt (10 times too weak a dephasing at dt = 0.1) and the noise one site off
    /// change the density by far more than the smallest detectable difference (about 3e-3 at
    /// 2000 trajectories) and disagree. The JSON report, the JUnit file and the plot are
    /// written.
    @Test func correctAgreesAndBothBugsDisagree() throws {
        let m = Self.trajectories
        let correct = try Self.file(Self.code.csv(trajectories: m, seed: 11))
        let report = CLI.temporaryPath() + ".json", junit = CLI.temporaryPath() + ".xml"
        let plot = CLI.temporaryPath() + ".svg"
        let ok = try Self.check(
            correct,
            Self.strang + StatisticalBudget.programConfidence + [
                "--samples", "\(m)", "--output", report, "--junit", junit, "--plot", plot,
            ])
        #expect(ok.status == 0 && ok.stdout.contains("AGREE"), "\(ok.stdout)\(ok.stderr)")
        let json = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: report)))
        #expect(json["verdict"]?.stringValue == "agree")
        #expect(json["schema"]?.stringValue == CodeCheck.schema)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("failures=\"0\"") && xml.contains("name=\"density\""))
        #expect(try String(contentsOfFile: plot, encoding: .utf8).contains("<svg"))
        for (bug, seed) in [(DenseTrajectories.Bug.kickAmplitude, 12), (.siteOffByOne, 13)] {
            let path = try Self.file(Self.code.csv(trajectories: m, seed: UInt64(seed), bug: bug))
            let out = try Self.check(path, Self.strang + ["--samples", "\(m)"])
            #expect(out.status == 1 && out.stdout.contains("DISAGREE"), "\(bug): \(out.stdout)")
        }
    }

    /// Standard errors from 3 samples (nu = 2) support no test: INCONCLUSIVE, exit 2.
    @Test func tooFewSamplesAreInconclusive() throws {
        let path = try Self.file(Self.code.csv(trajectories: 3, seed: 5))
        let out = try Self.check(path, Self.strang + ["--samples", "3"])
        #expect(out.status == 2 && out.stdout.contains("INCONCLUSIVE"), "\(out.stdout)")
    }

    /// Bad files and options: exit 64, one message naming the column, row or option, and no
    /// report written.
    @Test func badInputIsRefusedNamingIt() throws {
        let good = "time,energy\n0,0.7\n1,0.5\n"
        let cases: [(String, [String], String)] = [
            ("time,energi\n0,1\n", [], "'energi'"),
            ("time,energy\n0,1\n,0.5\n", [], "row 3, column time"),
            ("time,energy\n0,1\n1,zero\n", [], "row 3, column energy"),
            ("time,energy,energy_stderr\n0,1,0\n1,2,0.1\n", [], "--samples"),
            (good, ["--samples", "10"], "--samples"),
            ("time,density[1],density[2]\n0,1,0\n", [], "density[1] ... density[6]"),
            ("time,rms_width\n0,0\n", [], "--initial excitation"),
            ("time,entanglement\n0,0\n", [], "no exact reference"),
            ("time,energy\n0,1\n0.05,1\n", Self.strang, "multiple of --dt"),
            ("time,purity\n0,1\n", Self.strang, "--against exact"),
            (good, ["--against", "scheme", "--scheme", "lie"], "--dt"),
            (good, ["--parameters", "x.json"], "--length: not with --parameters"),
        ]
        for (text, extra, named) in cases {
            let report = CLI.temporaryPath() + ".json"
            let out = try Self.check(try Self.file(text), extra + ["--output", report])
            #expect(out.status == 64, "\(named): \(out.stdout)\(out.stderr)")
            #expect(out.stderr.contains(named), "\(named): \(out.stderr)")
            #expect(!FileManager.default.fileExists(atPath: report), "\(named): wrote a report")
        }
        // An option with a default, given with --parameters, is refused too (it was ignored).
        let gamma = try CLI.run([
            "check", try Self.file(good), "--parameters", "x.json", "--gamma", "2",
        ])
        #expect(gamma.status == 64 && gamma.stderr.contains("--gamma: not with --parameters"))
        let json = try Self.file(#"{"times":[0,1],"observables":{"energy":[1,"x"]}}"#, "json")
        let out = try Self.check(json, [])
        #expect(out.status == 64 && out.stderr.contains("observables.energy[1]"), "\(out.stderr)")
    }

    /// `reference` writes at least 8 cases; each re-checks as agreeing with its own
    /// parameters, and a copy with its first series scaled by 1 + 1e-3 disagrees (the
    /// deterministic allowance is 1e-6 of the observable's largest |value|, and every first
    /// series reaches a third of its observable's largest value at some time, so the change
    /// exceeds the allowance over 300 times).
    @Test func catalogueRechecksAndAScaledSeriesDisagrees() throws {
        let dir = CLI.temporaryPath()
        let out = try CLI.run(["reference", "--output", dir])
        #expect(out.status == 0, "\(out.stderr)")
        let cases = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(cases.count >= 8)
        for name in cases {
            let csv = "\(dir)/\(name)/reference.csv", parameters = "\(dir)/\(name)/case.json"
            let same = try CLI.run(["check", csv, "--parameters", parameters])
            #expect(same.status == 0, "\(name): \(same.stdout)\(same.stderr)")
            var lines = try String(contentsOfFile: csv, encoding: .utf8)
                .split(separator: "\n").map(String.init)
            for n in 1..<lines.count {
                var fields = lines[n].split(separator: ",").map(String.init)
                fields[1] = "\(Double(fields[1])! * (1 + 1e-3))"
                lines[n] = fields.joined(separator: ",")
            }
            let changed = try Self.file(lines.joined(separator: "\n") + "\n")
            let off = try CLI.run(["check", changed, "--parameters", parameters])
            #expect(off.status == 1, "\(name): \(off.stdout)\(off.stderr)")
        }
    }
}
