import Foundation
import Testing
import AndersonNoise
import TestSupport

/// `--dry-run` makes every check a run makes before it starts and writes nothing: what the
/// cluster path (ci/slurm-run.sh) checks a command with before it submits it.
@Suite struct DryRunTests {
    static let run = ["trajectories", "--length", "8", "--realizations", "4", "--times", "0,1"]

    @Test func passesAndWritesNothing() throws {
        let dir = CLI.temporaryPath()
        let out = try CLI.run(Self.run + ["--output", dir + "/a/b", "--shard", "2/4", "--dry-run"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir))
        let figure = try CLI.run(["figure", "4", "--quick", "--output", dir, "--dry-run"])
        #expect(figure.status == 0, "\(figure.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    /// What the run itself would refuse, the dry run refuses: bad options, and a directory
    /// holding a run unless it is resumed (then only the same run).
    @Test func refusesWhatTheRunWouldRefuse() throws {
        let dir = CLI.temporaryPath()
        #expect(try CLI.run(["trajectories", "--length", "1", "--dry-run"]).status == 64)
        #expect(try CLI.run(Self.run + ["--output", dir, "--resume", "--dry-run"]).status == 64)
        #expect(try CLI.run(Self.run + ["--output", dir, "--quiet"]).status == 0)
        let records = try Data(contentsOf: URL(fileURLWithPath: dir + "/records.bin"))
        #expect(try CLI.run(Self.run + ["--output", dir, "--dry-run"]).status == 64)
        #expect(try CLI.run(Self.run + ["--output", dir, "--resume", "--dry-run"]).status == 0)
        let other = try CLI.run(
            Self.run + ["--seed", "2", "--output", dir, "--resume", "--dry-run"])
        #expect(
            other.status == 64 && other.stderr.contains("different parameters"), "\(other.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/records.bin")) == records)
    }
}
