import Foundation
import Testing
import AndersonNoise
import TestSupport

/// Bad input of every kind: one line naming the option, exit 64 (EX_USAGE), nothing written.
@Suite struct CLIErrorTests {
    static let cases: [[String]] = [
        ["lindblad"],  // --length required
        ["lindblad", "--length", "1"],
        ["lindblad", "--length", "30"],  // sector beyond memory
        ["lindblad", "--length", "6", "--gamma", "-1"],
        ["lindblad", "--length", "6", "--noise-site", "7"],
        ["lindblad", "--length", "6", "--potential", "1,2,3"],
        ["lindblad", "--potential", "1,x,3,4"],
        [
            "lindblad", "--length", "4", "--initial", "product", "--occupations", "1,0,1,1",
            "--particles", "2",
        ],
        ["lindblad", "--length", "4", "--initial", "product", "--occupations", "1,0,2,1"],
        ["lindblad", "--length", "4", "--initial", "excitation"],
        ["lindblad", "--length", "4", "--tolerance", "0"],
        ["lindblad", "--length", "4", "--times", "0,2,1"],
        ["lindblad", "--length", "4", "--observables", "energy,bogus"],
        ["closure", "--length", "8", "--scheme", "euler"],
        ["closure", "--length", "8", "--dt", "0"],
        ["closure", "--length", "8", "--t-max", "-5"],
        ["closure", "--length", "8", "--potential", "@/nonexistent/file"],
        ["trajectories", "--length", "8", "--noise-realizations", "0"],
        ["trajectories", "--length", "8", "--shard", "3/2"],
        ["trajectories", "--length", "8", "--threads", "0"],
        ["trajectories", "--length", "8", "--site", "3", "--initial", "product"],
        ["master", "--length", "8", "--rates", "ansatz"],
        ["master", "--length", "8", "--xi", "2"],
        ["master", "--length", "8", "--rates", "ansatz", "--xi", "-1"],
        ["figure", "6"],
        ["localization", "--disorder", "0"],
        ["localization", "--disorder", "1,-2"],
        ["localization", "--disorder", "1,x"],
        ["localization", "--disorder", "1,1"],
        ["localization", "--energy", "2e7"],
        ["localization", "--hopping", "0"],
        ["localization", "--chains", "1"],
        ["localization", "--sites", "10"],
        ["localization", "--average-points", "2"],
        ["localization", "--threads", "0"],
        // Several noisy sites: repeated, out of range, not integers, lists of other lengths,
        // negative or non-finite gamma, spacing out of range or with --noise-site, the ansatz
        // (one centre) with several sites.
        ["closure", "--length", "8", "--noise-site", "3,5,3"],
        ["closure", "--length", "8", "--noise-site", "0,2"],
        ["lindblad", "--length", "6", "--noise-site", "2,x"],
        ["closure", "--length", "8", "--noise-site", "3,5", "--gamma", "1,2,3"],
        ["trajectories", "--length", "8", "--gamma", "1,2"],
        ["closure", "--length", "8", "--noise-site", "3,5", "--gamma", "1,-2"],
        ["closure", "--length", "8", "--gamma", "inf"],
        ["trajectories", "--length", "8", "--noise-spacing", "0"],
        ["trajectories", "--length", "8", "--noise-spacing", "9"],
        ["trajectories", "--length", "8", "--noise-spacing", "2", "--noise-site", "3"],
        ["master", "--length", "8", "--rates", "ansatz", "--xi", "2", "--noise-site", "2,4"],
        ["master", "--length", "8", "--rates", "ansatz", "--xi", "2", "--site", "3"],
        ["master", "--length", "8", "--site", "9"],
        // A bench filter that selects nothing would write an empty bench.json.
        ["bench", "--filter", "no such case"],
    ]

    @Test(arguments: cases)
    func badInputExits64WritingNothing(arguments: [String]) throws {
        let dir = CLI.temporaryPath()
        let out = try CLI.run(arguments + ["--output", dir])
        #expect(out.status == 64, "\(arguments): status \(out.status), stderr \(out.stderr)")
        #expect(!out.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir), "\(arguments) wrote \(dir)")
    }

    /// `bench --check` refuses a stored bench.json recorded in the other mode (--quick changes
    /// the cases' sizes, so the comparison would be meaningless), before timing anything.
    @Test func benchCheckRefusesOtherMode() throws {
        let stored = CLI.temporaryPath()
        try Data(#"{"schema": "anderson-noise/bench/1", "quick": true, "cases": {}}"#.utf8).write(
            to: URL(fileURLWithPath: stored))
        let dir = CLI.temporaryPath()
        let out = try CLI.run([
            "bench", "--check", stored, "--filter", "closure strang step", "--output", dir,
        ])
        #expect(out.status == 64, "status \(out.status), stderr \(out.stderr)")
        #expect(out.stderr.contains("--check") && out.stderr.contains("--quick"))
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    /// A run directory holding a different parameter set is refused, not mixed; a foreign or
    /// corrupted file given to `compare` or `merge` is refused with 64.
    @Test func foreignAndCorruptedFilesAreRefused() throws {
        let dir = CLI.temporaryPath()
        let base = [
            "closure", "--length", "6", "--realizations", "3", "--t-max", "1", "--output", dir,
            "--quiet",
        ]
        #expect(try CLI.run(base).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/result.json"))
        let other = try CLI.run([
            "closure", "--length", "6", "--realizations", "3", "--t-max", "2", "--output", dir,
            "--resume",
        ])
        #expect(other.status == 64)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/result.json")) == before)
        #expect(try CLI.run(base).status == 64)  // existing run without --resume
        let junk = CLI.temporaryPath()
        try Data("{\"schema\": \"something else\"}".utf8).write(to: URL(fileURLWithPath: junk))
        #expect(try CLI.run(["compare", junk, dir]).status == 64)
        var records = try Data(contentsOf: URL(fileURLWithPath: dir + "/records.bin"))
        records[40] ^= 0xFF
        try records.write(to: URL(fileURLWithPath: dir + "/records.bin"))
        let merged = CLI.temporaryPath()
        #expect(try CLI.run(["merge", dir, "--output", merged]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: merged))
    }
}
