import Foundation
import Testing
import AndersonNoise
import TestSupport

/// `localization` end to end: the JSON file (schema anderson-noise/localization/1) and the CSV
/// carry the same numbers, threads do not change a bit, an unresolved exponent exits 70.
@Suite struct LocalizationCLITests {
    static let run = [
        "localization", "--disorder", "1,3", "--energy", "0,0.5,2.5", "--chains", "6", "--sites",
        "4000",
        "--average-points", "17", "--seed", "4", "--quiet",
    ]

    static func points(_ path: String) throws -> JSONValue {
        try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path)))["points"]!
    }

    @Test func jsonAndCsvCarryTheSameNumbersWhateverThreads() throws {
        let one = CLI.temporaryPath(), two = CLI.temporaryPath()
        let a = try CLI.run(Self.run + ["--threads", "1", "--output", one])
        let b = try CLI.run(Self.run + ["--threads", "2", "--output", two])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(a.stdout == b.stdout)
        let json = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: one)))
        #expect(json["schema"]?.stringValue == "anderson-noise/localization/1")
        #expect(try Self.points(one) == Self.points(two))
        let points = try #require(json["points"]?.arrayValue)
        #expect(points.count == 6)
        let rows = a.stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",").map { Double($0)! }
        }
        for (p, row) in zip(points, rows) {
            let keys = [
                "disorder", "energy", "xi", "xi_stderr", "lyapunov", "lyapunov_stderr", "sites",
                "chains",
            ]
            #expect(keys.enumerated().allSatisfy { p[$0.element]?.doubleValue == row[$0.offset] })
            #expect(p["xi"]!.doubleValue! == 1 / p["lyapunov"]!.doubleValue!)
        }
        let averages = try #require(json["noise_average"]?.arrayValue)
        #expect(averages.count == 2 && averages[0]["grid"]?["energy"]?.arrayValue?.count == 17)
        #expect(
            rows[0][8] == averages[0]["xi_noise"]?.doubleValue
                && rows[3][8] == averages[1]["xi_noise"]?.doubleValue)
    }

    /// Chains far shorter than xi (W = 0.001: xi ~ 10^7) give a mean exponent <= 0, which
    /// Furstenberg's theorem forbids: exit 70 naming it, no file.
    @Test func unresolvedExponentExits70() throws {
        let path = CLI.temporaryPath()
        let out = try CLI.run([
            "localization", "--disorder", "0.001", "--energy", "0.3", "--sites", "100", "--chains",
            "2", "--output", path,
        ])
        #expect(out.status == 70)
        #expect(out.stderr.contains("Lyapunov exponent > 0"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
