import Foundation
import Testing
import AndersonNoise
import TestSupport

/// `--plan-only` writes a run's directory as the run writes it before its first realization
/// (run.json, an empty records.bin) and computes nothing: `validate --for` and `--resume`
/// take it, and the resumed run gives the run.json and the result bits of a run made in one go
/// (records.bin holds the same records, in the order the threads finished them).
@Suite struct PlanOnlyTests {
    static let run = ["trajectories", "--length", "8", "--realizations", "4", "--times", "0,1,2"]

    static func data(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test func writesTheManifestAndResumeRunsIt() throws {
        let planned = CLI.temporaryPath(), direct = CLI.temporaryPath()
        let plan = try CLI.run(Self.run + ["--output", planned, "--plan-only"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("plan only"), "\(plan.stdout)")
        // The writer's lock file stays, as after any run (`RunLock`).
        let items = try FileManager.default.contentsOfDirectory(atPath: planned).sorted()
        #expect(items == ["records.bin", "run.json", "writer.lock"], "\(items)")
        #expect(try Self.data(planned + "/records.bin").isEmpty)
        // The run without --resume refuses the planned directory, as any run's directory.
        #expect(try CLI.run(Self.run + ["--output", planned, "--quiet"]).status == 64)
        let resumed = try CLI.run(Self.run + ["--output", planned, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try CLI.run(Self.run + ["--output", direct, "--quiet"]).status == 0)
        #expect(try Self.data(planned + "/run.json") == Self.data(direct + "/run.json"))
        let c = ResultComparison(
            try ResultComparison.load(planned), try ResultComparison.load(direct),
            tolerance: 0, mode: .sameSeeds)
        #expect(c.agree, "\(c.problems)")
        // Planning a planned (or finished) run again with --resume checks it and writes nothing.
        #expect(
            try CLI.run(Self.run + ["--output", planned, "--resume", "--plan-only"]).status == 0)
    }

    /// What the run refuses the plan refuses, with nothing written; the plan needs a directory
    /// and is not a dry run.
    @Test func refusesWithNothingWritten() throws {
        let dir = CLI.temporaryPath()
        for extra in [
            ["--plan-only"], ["--plan-only", "--dry-run", "--output", dir],
            ["--plan-only", "--length", "1", "--output", dir],
            ["--plan-only", "--resume", "--output", dir],
        ] {
            let out = try CLI.run(Self.run + extra)
            #expect(out.status == 64, "\(extra): \(out.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    /// A figure's plan: figure.json and every curve's run.json, no result.
    @Test func planOfAFigure() throws {
        let dir = CLI.temporaryPath()
        let out = try CLI.run(["figure", "4", "--quick", "--output", dir, "--plan-only"])
        #expect(out.status == 0, "\(out.stderr)")
        let items = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(items.contains("figure.json"))
        let runs = items.filter { $0 != "figure.json" && $0 != "writer.lock" }
        #expect(!runs.isEmpty)
        for run in runs {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(run)/run.json"), "\(run)")
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/\(run)/result.json"), "\(run)")
        }
    }
}
