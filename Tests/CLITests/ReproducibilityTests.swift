import Foundation
import Testing
import AndersonNoise
import TestSupport

/// Same seed, same numbers: kill -9 and --resume, shards and merge, and --threads 1 vs 2 all
/// give results bit-identical to one uninterrupted run.
@Suite(.serialized) struct ReproducibilityTests {
    /// 48 realizations: long enough that a run is still going when a third of its records
    /// are written.
    static let run = [
        "trajectories", "--length", "24", "--realizations", "48", "--noise-realizations", "20",
        "--t-max", "300",
        "--points-per-decade", "4", "--seed", "5", "--quiet",
    ]

    @Test func threadsShardsAndResumeAreBitIdentical() throws {
        let reference = CLI.temporaryPath()
        #expect(try CLI.run(Self.run + ["--threads", "1", "--output", reference]).status == 0)
        let expected = try CLI.observables(reference)
        // Every record of a run has one length.
        let recordBytes = CLI.fileSize(reference + "/records.bin") / 48

        let two = CLI.temporaryPath()
        #expect(try CLI.run(Self.run + ["--threads", "2", "--output", two]).status == 0)
        #expect(try CLI.observables(two) == expected)

        let shards = (1...3).map { _ in CLI.temporaryPath() }
        for (i, dir) in shards.enumerated() {
            #expect(try CLI.run(Self.run + ["--shard", "\(i + 1)/3", "--output", dir]).status == 0)
        }
        let merged = CLI.temporaryPath()
        #expect(try CLI.run(["merge"] + shards.reversed() + ["--output", merged]).status == 0)
        #expect(try CLI.observables(merged) == expected)

        // kill -9 at observed states (run.json written and no record yet, 1 record, 16
        // records on disk), then resume until done: the result equals the uninterrupted run.
        for records in [0, 1, 16] {
            let dir = CLI.temporaryPath()
            try CLI.runAndKill(
                Self.run + ["--threads", "2", "--output", dir], when: "\(records) records"
            ) {
                FileManager.default.fileExists(atPath: dir + "/run.json")
                    && CLI.fileSize(dir + "/records.bin") >= records * recordBytes
            }
            #expect(!FileManager.default.fileExists(atPath: dir + "/result.json"))
            let resumed = try CLI.run(
                Self.run + ["--threads", "2", "--output", dir, "--resume"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(try CLI.observables(dir) == expected, "killed at \(records) records")
        }
    }

    /// OpenBLAS's own threads (its default is one per core) must not change a bit either: at
    /// L = 200 the eigendecomposition's threaded kernels sum in another order than the serial
    /// ones, so a run that left BLAS threaded would differ from a --threads 2 run at round-off.
    @Test func blasThreadsDoNotChangeTheResult() throws {
        let run = [
            "trajectories", "--length", "200", "--initial", "excitation", "--realizations", "4",
            "--noise-realizations", "2",
            "--t-max", "10", "--observables", "rms_displacement", "--quiet",
        ]
        let reference = CLI.temporaryPath()
        #expect(try CLI.run(run + ["--threads", "2", "--output", reference]).status == 0)
        let threadedBLAS = CLI.temporaryPath()
        #expect(
            try CLI.run(run + ["--threads", "1", "--output", threadedBLAS], blasThreads: 2).status
                == 0)
        #expect(try CLI.observables(threadedBLAS) == CLI.observables(reference))
    }
}
