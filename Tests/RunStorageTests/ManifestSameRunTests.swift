import Testing
import Formats
import RunStorage

/// A run directory started before a derived parameter was recorded (`drawn_occupations`, drawn
/// from the seed) holds the same run as one started now: resume accepts it; any input
/// parameter that differs still refuses it.
@Suite struct ManifestSameRunTests {
    static func manifest(_ parameters: [(String, JSONValue)]) -> RunDirectory.Manifest {
        RunDirectory.Manifest(
            identity: .object([
                ("solver", .string("trajectories")), ("parameters", .object(parameters)),
            ]),
            realizations: [0])
    }

    @Test func derivedParametersDoNotSeparateRuns() {
        let before = Self.manifest([("length", .number(6)), ("seed", .number(3))])
        let now = Self.manifest([
            ("length", .number(6)), ("seed", .number(3)),
            ("drawn_occupations", .numbers([0, 1, 1, 0, 1, 0])),
        ])
        #expect(now.isSameRun(as: before) && before.isSameRun(as: now))
        let otherSeed = Self.manifest([("length", .number(6)), ("seed", .number(4))])
        #expect(!now.isSameRun(as: otherSeed))
    }
}
