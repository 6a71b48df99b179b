import Foundation
import Testing
import ChainModel
import LinearAlgebra
import Execution
import Formats
import RunStorage
import Statistics
import TestSupport

@Suite struct RunDirectoryTests {
    func temporaryDirectory() -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "anr-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    func record(_ r: Int, dimension: Int = 4) -> RealizationRecord {
        var rng = CounterRNG(seed: 1, stream: .test, realization: r)
        var s = RunningStatistics(dimension: dimension)
        for _ in 0..<3 { s.add((0..<dimension).map { _ in rng.nextGaussian() }) }
        return RealizationRecord(realization: r, noise: s)
    }

    /// What a run of four scalar times, three noise realizations per record and realizations
    /// 0..<6 expects of its records.
    let expectation = RecordFile.Expectation(
        dimension: 4, noiseCount: 3, realizations: Array(0..<6))

    func scan(_ records: [RealizationRecord]) throws -> RecordFile.Scan {
        try RecordFile.scan(Data(records.flatMap { RecordFile.encode($0) }), expecting: expectation)
    }

    /// A manifest of a closure run with every field valid.
    static let identity = EnsembleIdentity(
        solver: "closure", parameters: [("length", .number(4))], times: [0, 1, 2, 3],
        layout: ObservableLayout(times: 4, entries: [(.energy, .scalar)]), noiseRealizations: nil,
        realizations: 6)

    /// Records written and read back are bit-identical, and the manifest round-trips.
    @Test func recordsRoundTrip() throws {
        let path = temporaryDirectory()
        let dir = RunDirectory(path: path)
        let manifest = RunDirectory.Manifest(identity: Self.identity.json, realizations: [0, 2, 4])
        try dir.create(manifest)
        let writer = try dir.recordWriter(
            synchronized: true, identityDigest: manifest.identityDigest)
        let written = [4, 0, 2].map { r in
            var s = RunningStatistics(dimension: 4)
            s.add([1, 2, 3, Double(r)])
            return RealizationRecord(realization: r, noise: s)
        }
        for r in written { try writer.append(r) }
        try writer.close()
        #expect(try dir.readManifest() == manifest)
        let contents = try dir.open(repair: false)
        #expect(contents.isComplete)
        #expect(contents.recorded.map(\.realization) == [0, 2, 4])
        #expect(contents.scan.entries.map { contents.record(at: $0.offset) } == written)
    }

    /// A record torn at every possible byte (kill -9 while writing) is never used: the
    /// intact records before it are read, and the valid length ends before it.
    @Test func tornRecordIsDroppedAtEveryCut() throws {
        let full = RecordFile.encode(record(0)) + RecordFile.encode(record(1))
        let first = RecordFile.encode(record(0)).count
        for cut in first..<full.count {
            let s = try RecordFile.scan(Data(full.prefix(cut)), expecting: expectation)
            #expect(s.entries.map(\.realization) == [0] && s.validBytes == first)
        }
    }

    /// The same for records stamped with their identity digest and build: torn at every
    /// byte, the record is left out; intact, it reads back with its stamp; a record of another
    /// digest is refused, naming both digests.
    @Test func stampedRecordsTornAtEveryCutAndOfAnotherDigest() throws {
        var stamped = expectation
        stamped.identityDigest = 0x0123_4567_89ab_cdef
        let stamp = RecordFile.Stamp(
            digest: 0x0123_4567_89ab_cdef, build: Build(commit: "abc", dirty: true))
        let full =
            RecordFile.encode(record(0), stamp: stamp)
            + RecordFile.encode(record(1), stamp: stamp)
        let first = RecordFile.encode(record(0), stamp: stamp).count
        for cut in first..<full.count {
            let s = try RecordFile.scan(Data(full.prefix(cut)), expecting: stamped)
            #expect(s.entries.map(\.realization) == [0] && s.validBytes == first)
        }
        let s = try RecordFile.scan(Data(full), expecting: stamped)
        #expect(s.builds.map(\.build) == [stamp.build] && s.builds.map(\.realizations) == [2])
        #expect(RecordFile.stamp(Data(full), at: first) == stamp)
        #expect(RecordFile.record(Data(full), at: first) == record(1))
        var foreign = stamp
        foreign.digest = 1
        let mixed =
            RecordFile.encode(record(0), stamp: stamp)
            + RecordFile.encode(record(1), stamp: foreign)
        #expect {
            try RecordFile.scan(Data(mixed), expecting: stamped)
        } throws: {
            "\($0)".contains(IdentityDigest.text(1))
                && "\($0)".contains(IdentityDigest.text(stamp.digest))
        }
        // Records of the earlier framing in a stamped run, and the reverse: refused.
        #expect(throws: RecordFile.Invalid.self) {
            try RecordFile.scan(Data(RecordFile.encode(record(0))), expecting: stamped)
        }
        #expect(throws: RecordFile.Invalid.self) {
            try RecordFile.scan(Data(full), expecting: expectation)
        }
    }

    /// Repair cuts the torn tail off the file.
    @Test func repairCutsTheTornTail() throws {
        let path = temporaryDirectory()
        let dir = RunDirectory(path: path)
        let manifest = RunDirectory.Manifest(identity: Self.identity.json, realizations: [0, 1])
        try dir.create(manifest)
        var one = RunningStatistics(dimension: 4)
        one.add([1, 2, 3, 4])
        let stamp = RecordFile.Stamp(digest: manifest.identityDigest, build: .current)
        let good = RecordFile.encode(RealizationRecord(realization: 0, noise: one), stamp: stamp)
        try Data(
            good
                + RecordFile.encode(RealizationRecord(realization: 1, noise: one), stamp: stamp)
                .prefix(17)
        )
        .write(to: dir.recordsURL)
        #expect(try dir.open(repair: true).recorded.map(\.realization) == [0])
        #expect(try Data(contentsOf: dir.recordsURL).count == good.count)
    }

    /// A flipped byte inside a record that is followed by a valid record is corruption and
    /// is refused, not skipped.
    @Test func corruptionBeforeValidRecordIsRefused() throws {
        var bytes = RecordFile.encode(record(0)) + RecordFile.encode(record(1))
        bytes[40] ^= 0xFF
        #expect(throws: RecordFile.Invalid.self) {
            try RecordFile.scan(Data(bytes), expecting: expectation)
        }
    }

    /// Every record that contradicts the run is an error naming it, never averaged: the same
    /// realization twice (two writers), another run's dimension, another noise count (a count
    /// near Int64.max would overflow the merge of counts), a realization outside the
    /// manifest, a non-finite value.
    @Test func recordsContradictingTheRunAreRefused() throws {
        func refused(_ records: [RealizationRecord], _ text: String) {
            do {
                _ = try scan(records)
                Issue.record("accepted: \(text)")
            } catch {
                #expect("\(error)".contains(text), "\(error)")
            }
        }
        #expect(try scan([record(0), record(1)]).entries.count == 2)
        refused([record(0), record(1), record(0)], "realization 1 appears twice")
        refused([record(0), record(2, dimension: 5)], "dimension 5")
        refused([record(9)], "not a realization of this run")
        refused(
            [
                RealizationRecord(
                    realization: 0,
                    noise: RunningStatistics(
                        count: Int(Int64.max), mean: [0, 0, 0, 0], m2: [0, 0, 0, 0]))
            ],
            "9223372036854775807 noise realizations")
        refused(
            [
                RealizationRecord(
                    realization: 0,
                    noise: RunningStatistics(count: 3, mean: [0, .nan, 0, 0], m2: [0, 0, 0, 0]))
            ],
            "non-finite")
    }

    /// A hand-edited or damaged run.json is refused naming the field, never trusted into a
    /// trap: huge or fractional counts, realizations out of order or beyond the run, a layout
    /// of absurd size, a layout that disagrees with the times.
    @Test(arguments: [
        #"{"schema": "anderson-noise/run/1", "identity": {}, "realizations": [1e300]}"#,
        #"{"schema": "anderson-noise/run/1", "identity": {}, "realizations": [0.5]}"#,
        #"{"schema": "anderson-noise/run/1", "identity": {}, "realizations": [2, 1]}"#,
        #"{"schema": "anderson-noise/run/1", "identity": {}, "realizations": [-1]}"#,
        #"{"schema": "anderson-noise/run/1", "identity": [], "realizations": [0]}"#,
    ])
    func malformedManifestsAreRefused(text: String) {
        #expect(throws: RunDirectory.Failure.self) {
            try RunDirectory.Manifest(data: Data(text.utf8), path: "run.json")
        }
    }

    @Test func malformedIdentitiesAreRefused() throws {
        let good = Self.identity.json
        #expect(throws: Never.self) { try EnsembleIdentity(validating: good) }
        func edited(_ key: String, _ value: JSONValue) -> JSONValue {
            guard case .object(let pairs) = good else { return good }
            return .object(pairs.filter { $0.0 != key } + [(key, value)])
        }
        let bad: [JSONValue] = [
            edited("realizations", .number(1e20)),
            edited("realizations", .number(2.5)),
            edited("noise_realizations", .number(9.3e18)),
            edited("solver", .string("other")),
            edited("times", .numbers([0, 1])),
            edited(
                "layout",
                .object([
                    ("times", .number(4)),
                    (
                        "entries",
                        .array([
                            .array([.string("rho_s"), .string("complex_matrix"), .number(1e12)])
                        ])
                    ),
                ])),
            edited(
                "layout",
                .object([
                    ("times", .number(1e15)),
                    ("entries", .array([.array([.string("e"), .string("scalar"), .number(1)])])),
                ])),
            edited(
                "layout",
                .object([
                    ("times", .number(4)),
                    (
                        "entries",
                        .array(
                            (0..<2).map { _ in
                                .array([.string("e"), .string("scalar"), .number(1)])
                            })
                    ),
                ])),
        ]
        for json in bad {
            #expect(throws: RunDirectory.Failure.self, "\(json.serialized(pretty: false))") {
                try EnsembleIdentity(validating: json)
            }
        }
    }
}
