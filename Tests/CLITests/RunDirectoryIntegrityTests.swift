import Foundation
import Testing
import AndersonNoise
import TestSupport

/// Nothing is lost or counted twice: one writer per run directory (two real processes), and
/// records or manifests that contradict their run are refused by --resume and merge (exit
/// 64, naming what is wrong, nothing written).
@Suite struct RunDirectoryIntegrityTests {
    /// 48 realizations: long enough that the first writer still runs while the second
    /// writer and the merge are tried.
    static let run = [
        "trajectories", "--length", "24", "--realizations", "48", "--noise-realizations", "30",
        "--t-max", "300",
        "--points-per-decade", "4", "--seed", "5", "--quiet",
    ]

    /// The scenario: a second --resume started while the first writer runs (a
    /// requeued and a resubmitted cluster task), then the first killed and resumed. Before,
    /// every command exited 0 and the result counted 22 realizations; now the second writer
    /// and a merge are refused naming the holder, and the result equals one clean run.
    @Test func secondWriterIsRefusedAndNothingIsCountedTwice() throws {
        let reference = CLI.temporaryPath()
        #expect(try CLI.run(Self.run + ["--threads", "2", "--output", reference]).status == 0)
        let dir = CLI.temporaryPath()
        let first = try CLI.start(Self.run + ["--threads", "1", "--output", dir])
        let holder = "pid \(first.processIdentifier) on host \(ProcessInfo.processInfo.hostName)"
        defer {
            if first.isRunning { kill(first.processIdentifier, SIGKILL) }
            first.waitUntilExit()
        }
        // An observed state: the lock names the first writer and it has written a record.
        try CLI.wait(for: "the first writer's lock and first record", process: first) {
            (try? String(contentsOfFile: dir + "/" + RunLock.fileName, encoding: .utf8))?
                .contains(holder) == true && CLI.fileSize(dir + "/records.bin") > 0
        }
        let second = try CLI.run(Self.run + ["--threads", "1", "--output", dir, "--resume"])
        let merged = CLI.temporaryPath()
        let merge = try CLI.run(["merge", dir, "--output", merged])
        let stillRunning = first.isRunning
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(
            stillRunning, "the first writer finished before the second started; make the run longer"
        )
        #expect(
            second.status == 64 && second.stderr.contains(holder),
            "\(second.status): \(second.stderr)")
        #expect(
            merge.status == 64 && merge.stderr.contains("being written"),
            "\(merge.status): \(merge.stderr)")
        #expect(!FileManager.default.fileExists(atPath: merged))
        // The lock died with its process: the run resumes and equals the clean one.
        let resumed = try CLI.run(Self.run + ["--threads", "2", "--output", dir, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try CLI.observables(dir) == CLI.observables(reference))
    }

    func closureRun() throws -> String {
        let dir = CLI.temporaryPath()
        let out = try CLI.run([
            "closure", "--length", "6", "--realizations", "3", "--t-max", "1", "--output", dir,
            "--quiet",
        ])
        #expect(out.status == 0, "\(out.stderr)")
        return dir
    }

    /// Resume and merge of a damaged directory: exit 64 naming the problem, result.json
    /// unchanged, no merged output.
    func expectRefused(_ dir: String, _ message: String) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/result.json"))
        let resume = try CLI.run([
            "closure", "--length", "6", "--realizations", "3", "--t-max", "1", "--output", dir,
            "--resume", "--quiet",
        ])
        #expect(
            resume.status == 64 && resume.stderr.contains(message),
            "resume \(resume.status): \(resume.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/result.json")) == before)
        let merged = CLI.temporaryPath()
        let merge = try CLI.run(["merge", dir, "--output", merged])
        #expect(
            merge.status == 64 && merge.stderr.contains(message),
            "merge \(merge.status): \(merge.stderr)")
        #expect(!FileManager.default.fileExists(atPath: merged))
    }

    /// A record appended twice (it was averaged twice by merge and --resume, exit 0).
    @Test func duplicatedRecordIsRefused() throws {
        let dir = try closureRun()
        let url = URL(fileURLWithPath: dir + "/records.bin")
        let records = try Data(contentsOf: url)
        try (records + records.prefix(records.count / 3)).write(to: url)
        try expectRefused(dir, "appears twice")
    }

    /// A record of another run's dimension, and one whose noise count is near Int64.max
    /// (both trapped).
    @Test func foreignRecordsAreRefused() throws {
        let dir = try closureRun()
        let url = URL(fileURLWithPath: dir + "/records.bin")
        let records = try Data(contentsOf: url)
        // Records are appended as the workers finish, in no fixed order: the one kept is the
        // file's first, and the foreign one gets a realization different from it.
        let first = RecordFile.record(records, at: 0), fresh = (first.realization + 1) % 3
        let stamp = RecordFile.stamp(records, at: 0)
        let other = RealizationRecord(
            realization: fresh, noise: RunningStatistics(count: 1, mean: [1, 2], m2: [0, 0]))
        try (records.prefix(records.count / 3) + Data(RecordFile.encode(other, stamp: stamp)))
            .write(to: url)
        try expectRefused(dir, "dimension 2")
        let one = RealizationRecord(
            realization: fresh,
            noise: RunningStatistics(
                count: Int(Int64.max), mean: first.noise.mean, m2: first.noise.m2))
        try (records.prefix(records.count / 3) + Data(RecordFile.encode(one, stamp: stamp)))
            .write(to: url)
        try expectRefused(dir, "noise realizations")
    }

    /// A hand-edited run.json with huge numbers (trapped converting them to Int).
    @Test func handEditedManifestIsRefused() throws {
        for edit in [
            ("\"realizations\": [", "\"realizations\": [1e300, "),
            ("\"realizations\": 3", "\"realizations\": 1e300"),
        ] {
            let dir = try closureRun()
            let url = URL(fileURLWithPath: dir + "/run.json")
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(edit.0))
            try text.replacingOccurrences(of: edit.0, with: edit.1).write(
                to: url, atomically: true, encoding: .utf8)
            try expectRefused(dir, "run.json")
        }
    }

    /// `figure N` on a directory holding one shard rendered panels from half the
    /// realizations as if complete: it is refused (nothing rendered), and so is a figure
    /// merge of that shard alone, which writes nothing; with every shard the merge renders.
    @Test func figureShardsAreNeverRenderedAsComplete() throws {
        let shards = [CLI.temporaryPath(), CLI.temporaryPath()]
        for (i, dir) in shards.enumerated() {
            let out = try CLI.run([
                "figure", "1", "--quick", "--shard", "\(i + 1)/2", "--output", dir, "--quiet",
                "--threads", "1",
            ])
            #expect(out.status == 0, "\(out.stderr)")
        }
        func panels(_ dir: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter {
                $0.hasPrefix("panel-")
            }
        }
        #expect(panels(shards[0]).isEmpty)
        let whole = try CLI.run(["figure", "1", "--quick", "--output", shards[0], "--quiet"])
        #expect(
            whole.status == 64 && whole.stderr.contains("incomplete"),
            "\(whole.status): \(whole.stderr)")
        #expect(panels(shards[0]).isEmpty)
        let partial = CLI.temporaryPath()
        let refused = try CLI.run(["merge", shards[0], "--output", partial])
        #expect(
            refused.status == 64 && refused.stderr.contains("every shard"),
            "\(refused.status): \(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: partial))
        let merged = CLI.temporaryPath()
        #expect(try CLI.run(["merge"] + shards + ["--output", merged]).status == 0)
        #expect(!panels(merged).isEmpty)
        // A figure is not written into a solver's run directory.
        let run = try closureRun()
        let into = try CLI.run(["figure", "1", "--quick", "--output", run, "--quiet"])
        #expect(
            into.status == 64 && into.stderr.contains("not a figure"),
            "\(into.status): \(into.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run + "/" + FigureManifest.fileName))
    }

    /// A run killed while it made its directory (the lock taken, records.bin empty, run.json
    /// half written under its own name) left only this tool's scratch: running the same command
    /// again starts the run, where it used to be refused ("directory exists and is not empty")
    /// and `--resume` found no run to continue. A file of anyone else still makes the
    /// directory refused.
    @Test func scratchOfAKilledStartCountsAsNew() throws {
        let small = [
            "closure", "--length", "6", "--realizations", "2", "--times", "0,1", "--quiet",
        ]
        let dir = CLI.temporaryPath()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in [RunLock.fileName, RunDirectory.recordsName] {
            FileManager.default.createFile(atPath: dir + "/" + name, contents: Data())
        }
        FileManager.default.createFile(
            atPath: dir + "/" + RunDirectory.partialManifestName, contents: Data("{\"sch".utf8))
        let out = try CLI.run(small + ["--output", dir])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/result.json"))
        let other = CLI.temporaryPath()
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: other + "/notes.txt", contents: Data("mine".utf8))
        #expect(try CLI.run(small + ["--output", other]).status == 64)
    }
}
