import Foundation
import Testing
@testable import AndersonNoise

/// Same seed, same numbers: kill -9 and --resume, shards and merge, and --threads 1 vs 2 all
/// give results bit-identical to one uninterrupted run.
@Suite(.serialized) struct ReproducibilityTests {
    static let run = ["trajectories", "--length", "24", "--realizations", "12", "--noise-realizations", "20", "--t-max", "300",
                      "--points-per-decade", "4", "--seed", "5", "--quiet"]

    @Test func threadsShardsAndResumeAreBitIdentical() throws {
        let reference = CLI.temporaryPath()
        #expect(try CLI.run(Self.run + ["--threads", "1", "--output", reference]).status == 0)
        let expected = try CLI.observables(reference)

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

        // kill -9 at several moments, then resume until done.
        for delay in [0.05, 0.3, 0.6] {
            let dir = CLI.temporaryPath()
            try CLI.runAndKill(Self.run + ["--threads", "2", "--output", dir], after: delay)
            // A run killed before it wrote its manifest is simply started again.
            let started = FileManager.default.fileExists(atPath: dir + "/run.json")
            let resumed = try CLI.run(Self.run + ["--threads", "2", "--output", dir] + (started ? ["--resume"] : []))
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(try CLI.observables(dir) == expected, "killed after \(delay) s")
        }
    }
}
