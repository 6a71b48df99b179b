import Foundation
import Testing
@testable import AndersonNoise

@Suite struct RunDirectoryTests {
    func temporaryDirectory() -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("anr-test-\(UUID().uuidString)")
        return url.path
    }

    func record(_ r: Int) -> RealizationRecord {
        var rng = CounterRNG(seed: 1, stream: .test, realization: r)
        var s = RunningStatistics(dimension: 4)
        for _ in 0..<3 { s.add((0..<4).map { _ in rng.nextGaussian() }) }
        return RealizationRecord(realization: r, noise: s)
    }

    /// Records written and read back are bit-identical, and the manifest round-trips
    /// (object key order does not matter).
    @Test func recordsRoundTrip() throws {
        let dir = RunDirectory(path: temporaryDirectory())
        let manifest = RunDirectory.Manifest(identity: .object([("b", .number(0.1)), ("a", .string("x"))]), realizations: [0, 2, 4])
        try dir.create(manifest)
        for r in [4, 0, 2] { try dir.append(record(r)) }
        #expect(try dir.readManifest() == manifest)
        #expect(try dir.readRecords() == [record(4), record(0), record(2)])
    }

    /// A record torn at every possible byte (kill -9 while writing) is never used: the
    /// intact records before it are read, and repair cuts the file back to them.
    @Test func tornRecordIsDroppedAtEveryCut() throws {
        let full = RunDirectory.encode(record(0)) + RunDirectory.encode(record(1))
        let first = RunDirectory.encode(record(0)).count
        for cut in stride(from: first, to: full.count, by: 7) {
            let dir = RunDirectory(path: temporaryDirectory())
            try dir.create(RunDirectory.Manifest(identity: .null, realizations: [0, 1]))
            try full.prefix(cut).write(to: dir.recordsURL)
            #expect(try dir.readRecords(repair: true) == [record(0)])
            #expect(try Data(contentsOf: dir.recordsURL).count == first)
        }
    }

    /// A flipped byte inside a record that is followed by a valid record is corruption and
    /// is refused, not skipped.
    @Test func corruptionBeforeValidRecordIsRefused() throws {
        var bytes = [UInt8](RunDirectory.encode(record(0)) + RunDirectory.encode(record(1)))
        bytes[40] ^= 0xFF
        let dir = RunDirectory(path: temporaryDirectory())
        try dir.create(RunDirectory.Manifest(identity: .null, realizations: [0, 1]))
        try Data(bytes).write(to: dir.recordsURL)
        #expect(throws: RunDirectory.Failure.self) { try dir.readRecords() }
    }
}
