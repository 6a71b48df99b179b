import Foundation
import Testing
import AndersonNoise
import TestSupport

/// Records are bound to their run: a run.json whose identity was edited, or records of
/// another identity (another run's records.bin copied in), are refused by --resume and merge
/// (exit 64, naming the directory and what differs), never averaged.
@Suite struct RunBindingTests {
    static func closure(_ extra: [String]) -> [String] {
        ["closure", "--length", "6", "--realizations", "3", "--t-max", "1", "--quiet"] + extra
    }

    /// A complete closure run with `extra` options.
    static func complete(_ extra: [String]) throws -> String {
        let dir = CLI.temporaryPath()
        let out = try CLI.run(closure(extra + ["--output", dir]))
        #expect(out.status == 0, "\(out.stderr)")
        return dir
    }

    /// Makes a complete run partial, as a kill -9 after its first record leaves it: one
    /// record (of three, all of one length), no result.
    static func cutToOneRecord(_ dir: String) throws {
        let url = URL(fileURLWithPath: dir + "/records.bin")
        let records = try Data(contentsOf: url)
        try records.prefix(records.count / 3).write(to: url)
        try FileManager.default.removeItem(atPath: dir + "/result.json")
    }

    static func edit(_ dir: String, _ edits: [(String, String)]) throws {
        let url = URL(fileURLWithPath: dir + "/run.json")
        var text = try String(contentsOf: url, encoding: .utf8)
        for (old, new) in edits {
            #expect(text.contains(old), "run.json has no \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The review's scenario: gamma edited 1 -> 2 in a partial run's run.json, then
    /// `--resume --gamma 2` exited 0 with a result that said gamma 2 and averaged gamma-1
    /// records; the same with an edited seed. Now refused, naming the directory.
    @Test func editedManifestIsRefused() throws {
        for (edits, options) in [
            (
                [("\"gamma\": 1,", "\"gamma\": 2,"), ("\"gammas\": [1]", "\"gammas\": [2]")],
                ["--gamma", "2"]
            ),
            ([("\"seed\": \"1\"", "\"seed\": \"2\"")], ["--seed", "2"]),
        ] {
            let dir = try Self.complete([])
            try Self.cutToOneRecord(dir)
            try Self.edit(dir, edits)
            let resume = try CLI.run(Self.closure(options + ["--output", dir, "--resume"]))
            #expect(
                resume.status == 64 && resume.stderr.contains(dir)
                    && resume.stderr.contains("identity was edited"),
                "\(options) \(resume.status): \(resume.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/result.json"))
        }
    }

    /// Another run's records.bin (seed 2) copied into a run of seed 1: resumed (partial) or
    /// merged (complete), it was averaged as this run's, exit 0. Now refused, naming the
    /// directory and the two identity digests.
    @Test func anotherRunsRecordsAreRefused() throws {
        let other = try Self.complete(["--seed", "2"])
        let partial = try Self.complete([])
        try Self.cutToOneRecord(partial)
        try FileManager.default.removeItem(atPath: partial + "/records.bin")
        try FileManager.default.copyItem(
            atPath: other + "/records.bin", toPath: partial + "/records.bin")
        try Self.cutToOneRecord(other)  // (only its records.bin is cut; result.json removed)
        let resume = try CLI.run(Self.closure(["--output", partial, "--resume"]))
        #expect(
            resume.status == 64 && resume.stderr.contains(partial)
                && resume.stderr.contains("identity digest"),
            "\(resume.status): \(resume.stderr)")
        #expect(!FileManager.default.fileExists(atPath: partial + "/result.json"))

        let whole = try Self.complete([]), source = try Self.complete(["--seed", "2"])
        try FileManager.default.removeItem(atPath: whole + "/records.bin")
        try FileManager.default.copyItem(
            atPath: source + "/records.bin", toPath: whole + "/records.bin")
        let merged = CLI.temporaryPath()
        let merge = try CLI.run(["merge", whole, "--output", merged])
        #expect(
            merge.status == 64 && merge.stderr.contains(whole)
                && merge.stderr.contains("identity digest"),
            "\(merge.status): \(merge.stderr)")
        #expect(!FileManager.default.fileExists(atPath: merged))
    }

    /// A resume or merge of another run's directory names what differs.
    @Test func whatDiffersIsNamed() throws {
        let one = try Self.complete([]), two = try Self.complete(["--gamma", "2"])
        let resume = try CLI.run(Self.closure(["--gamma", "3", "--output", one, "--resume"]))
        #expect(
            resume.status == 64 && resume.stderr.contains("(gamma, gammas)"),
            "\(resume.status): \(resume.stderr)")
        let merge = try CLI.run(["merge", one, two, "--output", CLI.temporaryPath()])
        #expect(
            merge.status == 64 && merge.stderr.contains("(gamma, gammas)"),
            "\(merge.status): \(merge.stderr)")
    }

    /// Every build that contributed is listed in the result's provenance: shards merged and a
    /// resumed run, each made by one build here, list it with their realization counts.
    @Test func buildsAreListed() throws {
        let shards = [CLI.temporaryPath(), CLI.temporaryPath()]
        for (i, dir) in shards.enumerated() {
            let out = try CLI.run(Self.closure(["--shard", "\(i + 1)/2", "--output", dir]))
            #expect(out.status == 0, "\(out.stderr)")
        }
        let merged = CLI.temporaryPath()
        let merge = try CLI.run(["merge"] + shards + ["--output", merged])
        #expect(merge.status == 0 && !merge.stderr.contains("warning"), "\(merge.stderr)")
        let builds = try Self.builds(merged)
        #expect(builds.count == 1 && builds.first?.realizations == 3, "\(builds)")
    }

    /// `provenance.builds` of a run directory's result.json.
    static func builds(_ dir: String) throws -> [(commit: String?, dirty: Bool?, realizations: Int)]
    {
        let json = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: dir + "/result.json")))
        return (json["provenance"]?["builds"]?.arrayValue ?? []).map { build in
            var dirty: Bool?
            if case .bool(let d)? = build["git_dirty"] { dirty = d }
            return (
                build["git_commit"]?.stringValue, dirty,
                build["realizations"]?.doubleValue.map { Int($0) } ?? -1
            )
        }
    }
}
