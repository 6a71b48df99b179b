import Foundation
import Testing
import AndersonNoise
import TestSupport

/// Mixed builds are listed, not hidden: records carry the build that computed them, and a
/// result made of records of several builds (shards or resumed pieces run by different
/// binaries) lists each in `provenance.builds` and warns on stderr. A second build is
/// simulated by rewriting the build stamped on a directory's records.
@Suite struct RunBuildTests {
    static let other = Build(commit: String(repeating: "0", count: 40), dirty: true)

    /// Restamps every record of `dir` with `build` (same identity digest).
    static func restamp(_ dir: String, build: Build) throws {
        let url = URL(fileURLWithPath: dir + "/records.bin")
        let records = try Data(contentsOf: url)
        let contents = try RunDirectory(path: dir).open(repair: false)
        var out: [UInt8] = []
        for entry in contents.scan.entries {
            let stamp = try #require(RecordFile.stamp(records, at: entry.offset))
            out += RecordFile.encode(
                contents.record(at: entry.offset),
                stamp: RecordFile.Stamp(digest: stamp.digest, build: build))
        }
        try Data(out).write(to: url)
    }

    @Test func shardsOfTwoBuildsAreListedWithAWarning() throws {
        let shards = [CLI.temporaryPath(), CLI.temporaryPath()]
        for (i, dir) in shards.enumerated() {
            let out = try CLI.run(
                RunBindingTests.closure(["--shard", "\(i + 1)/2", "--output", dir]))
            #expect(out.status == 0, "\(out.stderr)")
        }
        try Self.restamp(shards[0], build: Self.other)
        let merged = CLI.temporaryPath()
        let merge = try CLI.run(["merge"] + shards + ["--output", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(
            merge.stderr.contains("warning") && merge.stderr.contains("2 builds")
                && merge.stderr.contains(Self.other.commit!), "\(merge.stderr)")
        let builds = try RunBindingTests.builds(merged)
        #expect(builds.count == 2, "\(builds)")
        #expect(builds.contains { $0.commit == Self.other.commit && $0.dirty == true })
        #expect(builds.map(\.realizations).reduce(0, +) == 3)
        // The merged directory keeps each record's build: merging it again lists both.
        let again = CLI.temporaryPath()
        #expect(try CLI.run(["merge", merged, "--output", again]).status == 0)
        #expect(try RunBindingTests.builds(again).count == 2)
    }

    @Test func resumedPiecesOfTwoBuildsAreListedWithAWarning() throws {
        let dir = try RunBindingTests.complete([])
        try RunBindingTests.cutToOneRecord(dir)
        try Self.restamp(dir, build: Self.other)
        let resume = try CLI.run(RunBindingTests.closure(["--output", dir, "--resume"]))
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(resume.stderr.contains("2 builds"), "\(resume.stderr)")
        let builds = try RunBindingTests.builds(dir)
        #expect(
            builds.map(\.commit) == [Self.other.commit, Build.current.commit]
                && builds.map(\.realizations) == [1, 2], "\(builds)")
    }

    /// run.json edited consistently (its digest recomputed for the edited identity): the
    /// records still carry the old identity's digest, and are refused.
    @Test func recordsOfTheOldIdentityAreRefused() throws {
        let dir = try RunBindingTests.complete([])
        try RunBindingTests.cutToOneRecord(dir)
        let url = URL(fileURLWithPath: dir + "/run.json")
        var manifest = try RunDirectory.Manifest(data: Data(contentsOf: url), path: "run.json")
        let old = IdentityDigest.text(manifest.identityDigest)
        guard case .object(var pairs) = manifest.identity,
            let k = pairs.firstIndex(where: { $0.0 == "parameters" }),
            case .object(var parameters) = pairs[k].1,
            let s = parameters.firstIndex(where: { $0.0 == "seed" })
        else { Issue.record("no seed in run.json"); return }
        parameters[s].1 = .string("2")
        pairs[k].1 = .object(parameters)
        manifest.identity = .object(pairs)
        try RunBindingTests.edit(
            dir,
            [
                ("\"seed\": \"1\"", "\"seed\": \"2\""),
                (old, IdentityDigest.text(manifest.identityDigest)),
            ])
        #expect(throws: Never.self) { try RunDirectory(path: dir).readManifest() }
        let resume = try CLI.run(
            RunBindingTests.closure(["--seed", "2", "--output", dir, "--resume"]))
        #expect(
            resume.status == 64 && resume.stderr.contains(dir)
                && resume.stderr.contains("carries identity digest \(old)"),
            "\(resume.status): \(resume.stderr)")
    }

    /// A directory written before the digest existed (run.json without identity_digest,
    /// records of the earlier framing) is still resumed and merged; its records' build is
    /// listed as unrecorded (null), the resumed ones' as this build's.
    @Test func directoriesWrittenBeforeTheDigestAreRead() throws {
        let dir = try RunBindingTests.complete([])
        try RunBindingTests.cutToOneRecord(dir)
        let contents = try RunDirectory(path: dir).open(repair: false)
        let old = contents.scan.entries.flatMap {
            RecordFile.encode(contents.record(at: $0.offset))
        }
        try Data(old).write(to: URL(fileURLWithPath: dir + "/records.bin"))
        let text = try String(contentsOfFile: dir + "/run.json", encoding: .utf8)
        let digest = IdentityDigest.text(contents.manifest.identityDigest)
        try RunBindingTests.edit(dir, [("  \"identity_digest\": \"\(digest)\",\n", "")])
        #expect(!(try String(contentsOfFile: dir + "/run.json", encoding: .utf8)).contains(digest))
        #expect(text.contains(digest))
        let resume = try CLI.run(RunBindingTests.closure(["--output", dir, "--resume"]))
        #expect(resume.status == 0, "\(resume.stderr)")
        let builds = try RunBindingTests.builds(dir)
        #expect(
            builds.map(\.commit) == [nil, Build.current.commit]
                && builds.map(\.realizations) == [1, 2], "\(builds)")
        let reference = try RunBindingTests.complete([])
        #expect(try CLI.observables(dir) == CLI.observables(reference))
        let merged = CLI.temporaryPath()
        #expect(try CLI.run(["merge", dir, "--output", merged]).status == 0)
        #expect(try CLI.observables(merged) == CLI.observables(reference))
        // A resumed pre-digest directory keeps the earlier framing, so none of its records
        // carries a build: the merge lists them unrecorded, and so does a merge of the merge
        // (null, not an empty commit).
        for output in [merged, CLI.temporaryPath()] {
            if output != merged {
                #expect(try CLI.run(["merge", merged, "--output", output]).status == 0)
            }
            let listed = try RunBindingTests.builds(output)
            #expect(
                listed.map(\.commit) == [nil] && listed.map(\.realizations) == [3], "\(listed)")
        }
    }
}
