import Foundation
import Testing
import AndersonNoise
import TestSupport

/// `compare --output FILE.json`: the verdict as a file, with the worst points named by
/// 1-based sites as on the terminal; a path that cannot be written is refused before anything
/// is compared, and nothing is written.
@Suite struct CompareOutputTests {
    static let chain = CompareAcrossSolversTests.chain + CompareAcrossSolversTests.times

    static func verdict(_ path: String) throws -> JSONValue {
        try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Trajectories (400 noise realizations, nu = 399) against the exact average of the same
    /// Strang step agree; the file says so with the threshold and power the terminal printed,
    /// and names every worst point as the terminal does, sites in 1...6. Two noise
    /// realizations (nu = 1) are INCONCLUSIVE, exit 2, and the file says why.
    @Test func verdictFileMatchesTheTerminal() throws {
        let closure = try CompareAcrossSolversTests.run(
            ["closure"] + Self.chain + ["--scheme", "strang"])
        let traj = try CompareAcrossSolversTests.run(
            ["trajectories"] + Self.chain + ["--noise-realizations", "400"])
        let path = CLI.temporaryPath() + ".json"
        let out = try CompareAcrossSolversTests.compare(traj, closure, ["--output", path])
        #expect(out.status == 0, "\(out.stdout) \(out.stderr)")
        let j = try Self.verdict(path)
        #expect(j["verdict"] == .string("agree") && j["inconclusive"] == .null)
        #expect(j["degrees_of_freedom"] == .number(399))
        let threshold = String(format: "%.3f", j["threshold"]?.doubleValue ?? 0)
        #expect(out.stdout.contains("z threshold \(threshold)"), "\(out.stdout)")
        let names = ["energy", "density", "rho_s"]  // the closure writes no nn
        for name in names {
            #expect(j["compared"]?.arrayValue?.contains(.string(name)) == true, "\(name)")
            let entry = j["observables"]?.arrayValue?.first { $0["observable"] == .string(name) }
            let detectable = String(format: "%.3g", entry?["detectable"]?.doubleValue ?? 0)
            #expect(out.stdout.contains("power: \(name): "), "\(name)")
            #expect(
                out.stdout.contains("detect is \(detectable) "), "\(name): \(detectable)")
        }
        let worst = j["worst"]?.arrayValue ?? []
        #expect(worst.count == 8)
        for w in worst {
            let point = w["point"]?.stringValue ?? ""
            #expect(out.stdout.contains("  \(point) t="), "\(point)")
            let sites = point.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            #expect(sites.allSatisfy { (1...6).contains($0) }, "\(point)")
            #expect(!point.contains("["), "\(point)")
            #expect(w["measure"]?.doubleValue ?? .infinity <= w["limit"]?.doubleValue ?? 0)
        }

        let few = try CompareAcrossSolversTests.run(
            ["trajectories"] + Self.chain + ["--noise-realizations", "2"])
        let inconclusive = try CompareAcrossSolversTests.compare(few, closure, ["--output", path])
        #expect(inconclusive.status == 2, "\(inconclusive.stdout)")
        let k = try Self.verdict(path)
        #expect(k["verdict"] == .string("inconclusive"))
        #expect(k["inconclusive"]?.stringValue?.contains("nu = 1") == true, "\(k)")
    }

    /// A path under a regular file, or an existing directory, is refused with exit 64 naming
    /// --output, before the results are read, and nothing is written.
    @Test func unwritableOutputIsRefused() throws {
        let file = CLI.temporaryPath()
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: file))
        let directory = CLI.temporaryPath()
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true)
        for path in [file + "/verdict.json", directory] {
            let out = try CLI.run(["compare", "missing-a", "missing-b", "--output", path])
            #expect(out.status == 64, "\(out.stderr)")
            #expect(out.stderr.contains("--output"), "\(out.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: file + "/verdict.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "not a directory")
    }
}

extension CompareOutputTests {
    /// Results of schema 1 (before the master's transport observable became rms_width) still
    /// compare for the solvers whose names did not change: a closure result relabelled schema 1
    /// agrees with itself bit for bit; a master result of schema 1, whose rms_displacement was
    /// the full width, is refused (exit 64) naming why.
    @Test func schemaOneResultsOfOtherSolversStillCompare() throws {
        func relabelled(_ dir: String) throws -> String {
            let text = try String(contentsOfFile: dir + "/result.json", encoding: .utf8)
            let old = text.replacingOccurrences(
                of: "\"\(SolverResult.schema)\"", with: "\"\(SolverResult.firstSchema)\"")
            #expect(old != text)
            let path = CLI.temporaryPath() + ".json"
            try old.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let closure = try CompareAcrossSolversTests.run(
            ["closure", "--length", "8", "--t-max", "10", "--realizations", "2", "--quiet"])
        let same = try CLI.run(
            ["compare", try relabelled(closure), closure, "--same-seeds", "--tolerance", "0"])
        #expect(same.status == 0 && same.stdout.contains("AGREE"), "\(same.stdout)\(same.stderr)")
        let master = try CompareAcrossSolversTests.run(
            ["master", "--length", "20", "--t-max", "100", "--realizations", "2", "--quiet"])
        let refused = try CLI.run(["compare", try relabelled(master), master])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("rms_width"), "\(refused.stderr)")
    }
}
