import Foundation
import Testing
import AndersonNoise
import TestSupport

/// Every accepted input runs or is refused: inputs that trapped, hung or aborted in an
/// allocation are refused up front with exit 64, a message naming the option and the limit
/// (for cost refusals the estimate), and nothing written.
@Suite struct HardeningTests {
    static let refused: [(arguments: [String], message: String)] = [
        // Memory: L^2 eigenbasis per worker (was an abort allocating 80 GB, run.json left behind).
        (
            [
                "trajectories", "--length", "100000", "--realizations", "1", "--noise-realizations",
                "1", "--t-max", "1",
            ], "GiB"
        ),
        (
            [
                "closure", "--length", "4000", "--observables", "rho_s", "--realizations", "2",
                "--t-max", "10",
            ], "GiB"
        ),
        (
            [
                "trajectories", "--length", "3000", "--observables", "rho_s", "--realizations", "2",
                "--t-max", "10",
            ], "GiB"
        ),
        // Step counts that cannot be represented or finish (were traps converting to Int, or
        // hangs).
        (
            ["trajectories", "--length", "8", "--dt", "1e-300", "--t-max", "1"],
            "time steps per trajectory"
        ),
        (
            ["trajectories", "--length", "8", "--times", "0,1e12"],
            "operations per disorder realization"
        ),
        (
            ["closure", "--length", "8", "--scheme", "strang", "--dt", "1e-9", "--t-max", "1e12"],
            "time steps"
        ),
        (["closure", "--length", "8", "--gamma", "1e15", "--t-max", "1"], "Taylor steps"),
        (["closure", "--length", "8", "--hopping", "1e20", "--t-max", "1"], "Taylor steps"),
        (["lindblad", "--length", "8", "--disorder", "1e20", "--t-max", "1"], "Taylor steps"),
        (["lindblad", "--length", "40"], "C(40,20) = 137846528820"),
        // Scales that overflow the arithmetic, times past the grid's bound, unreachable tolerance.
        (["closure", "--length", "8", "--gamma", "1e300", "--t-max", "1"], "--gamma"),
        (["trajectories", "--length", "8", "--disorder", "1e300"], "--disorder"),
        (["trajectories", "--length", "8", "--hopping", "1e300"], "--hopping"),
        (["closure", "--potential", "1,2,1e200,4"], "--potential"),
        (["master", "--length", "8", "--gamma", "1e200", "--prefactor", "gamma2"], "--gamma"),
        (["master", "--length", "8", "--rates", "ansatz", "--xi", "1e-300"], "--xi"),
        (["trajectories", "--length", "8", "--times", "0,1e300"], "--times"),
        (["closure", "--length", "8", "--times", "0,1e999"], "--times"),
        (["closure", "--length", "8", "--tolerance", "1e-300"], "--tolerance"),
        (["closure", "--length", "8", "--t-max", "nan"], "--t-max"),
        (["trajectories", "--length", "8", "--dt", "-0"], "--dt"),
        // Malformed lists and files.
        (["closure", "--potential", "@/dev/zero"], "--potential"),
        (["closure", "--potential", "@/"], "--potential"),
        (["closure", "--length", "4", "--potential", "1,nan,3,4"], "--potential"),
        (["closure", "--length", "4", "--potential", "1,0x10,3,4"], "--potential"),
        (["closure", "--length", "4", "--times", "0,,1"], "--times"),
        (
            ["closure", "--length", "4", "--initial", "product", "--occupations", ""],
            "--occupations"
        ),
        // Observables the solver does not produce for the state (ran, averaged nothing, and
        // then refused to resume its own directory).
        (
            [
                "trajectories", "--length", "8", "--initial", "excitation", "--observables",
                "entanglement",
            ], "--observables entanglement"
        ),
        (
            ["closure", "--length", "8", "--observables", "rms_displacement"],
            "--observables rms_displacement"
        ),
        // The preflight of a planned run that cannot fit or finish (it aborted allocating, or
        // hung).
        (["validate", "--length", "100000", "--realizations", "1"], "GiB"),
        (["validate", "--length", "20", "--dt", "1e-300"], "time steps per trajectory"),
        // ... and a preflight that would itself not fit or finish: its pilot, its exact closure at
        // L.
        (["validate", "--length", "100", "--pilot", "10000x1000000"], "--pilot"),
        (
            [
                "validate", "--length", "14000", "--initial", "excitation", "--realizations", "1",
                "--t-max", "1",
            ], "the preflight"
        ),
        // localization cannot be resumed: all of it must finish in one go.
        (
            [
                "localization", "--chains", "100000", "--sites", "10000000000", "--average-points",
                "0",
            ], "transfer-matrix steps"
        ),
        (["localization", "--hopping", "1e308", "--disorder", "1e300"], "--hopping"),
    ]

    @Test(arguments: 0..<refused.count)
    func refusedUpFront(index: Int) throws {
        let (arguments, message) = Self.refused[index]
        let dir = CLI.temporaryPath()
        let out = try CLI.run(arguments + ["--output", dir, "--quiet"])
        #expect(out.status == 64, "\(arguments): status \(out.status), stderr \(out.stderr)")
        #expect(out.stderr.contains(message), "\(arguments): \(out.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir), "\(arguments) wrote \(dir)")
    }

    /// Output locations are checked before any work: an empty --output (it wrote into the
    /// working directory past every check), one below a file, one on a file system that
    /// cannot be written (validate ran every check, printed ALL PASSED, then exited 1).
    @Test func unwritableOutputsAreRefusedFirst() throws {
        let file = CLI.temporaryPath()
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let cases: [[String]] = [
            ["closure", "--length", "4", "--t-max", "1", "--output", ""],
            ["closure", "--length", "4", "--t-max", "1", "--output", file + "/run"],
            ["closure", "--length", "4", "--t-max", "1", "--output", "/proc/anderson-noise-run"],
            ["validate", "--output", file + "/report.json"],
            ["validate", "--output", "/proc/anderson-noise-report.json"],
            ["figure", "4", "--quick", "--output", file + "/fig"],
            ["merge", file, "--output", ""],
            ["bench", "--output", file + "/bench", "--filter", "nothing"],
            [
                "localization", "--chains", "2", "--sites", "100", "--output",
                "/proc/anderson-noise-xi.json",
            ],
            ["localization", "--chains", "2", "--sites", "100", "--output", ""],
        ]
        for arguments in cases {
            let out = try CLI.run(arguments)
            #expect(out.status == 64, "\(arguments): status \(out.status), stderr \(out.stderr)")
            #expect(out.stderr.contains("--output"), "\(arguments): \(out.stderr)")
            #expect(
                out.stdout.isEmpty, "\(arguments): ran before refusing: \(out.stdout.prefix(200))")
        }
    }
}
