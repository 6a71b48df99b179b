import Foundation
import Testing
import AndersonNoise
import TestSupport

/// Which average R(t) is (paper eq. 18: the noise and disorder averages inside the root),
/// checked end to end: an ensemble's reported R equals sqrt of the mean of R_r^2 over runs of
/// each disorder realization alone (a shard of one realization each), to round-off (1e-12
/// relative; each R_r is itself the root of its own noise average). The mean of R_r differs
/// by several percent at these sizes, so the check sees the wrong order.
@Suite struct TransportAverageTests {
    static func series(_ dir: String, _ name: String) throws -> [Double] {
        let json = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: dir + "/result.json")))
        return try #require(json["observables"]?[name]?.flattenedNumbers)
    }

    @Test(arguments: [
        [
            "closure", "--length", "30", "--disorder", "3", "--initial", "excitation", "--scheme",
            "strang", "--t-max", "300",
        ],
        [
            "trajectories", "--length", "30", "--disorder", "3", "--initial", "excitation",
            "--noise-realizations", "6", "--t-max", "300",
        ],
        ["master", "--length", "30", "--disorder", "3", "--t-max", "1e4"],
    ])
    func ensembleRIsRootOfMeanSecondMoment(command: [String]) throws {
        let r = 4
        let run =
            command + [
                "--realizations", "\(r)", "--points-per-decade", "3", "--seed", "9", "--quiet",
                "--threads", "1",
            ]
        // The master equation's transport observable is the full width (rms_width), the
        // quantum solvers' the paper's eq. 18 R (rms_displacement): one meaning per name.
        let key = command[0] == "master" ? "rms_width" : "rms_displacement"
        let whole = CLI.temporaryPath()
        #expect(try CLI.run(run + ["--output", whole]).status == 0)
        let reported = try Self.series(whole, key)
        var squares = [Double](repeating: 0, count: reported.count), means = squares
        for i in 1...r {
            let dir = CLI.temporaryPath()
            #expect(try CLI.run(run + ["--shard", "\(i)/\(r)", "--output", dir]).status == 0)
            let alone = try Self.series(dir, key)
            for t in alone.indices {
                squares[t] += alone[t] * alone[t] / Double(r)
                means[t] += alone[t] / Double(r)
            }
        }
        for t in reported.indices where reported[t] > 0 {
            #expect(
                abs(reported[t] - squares[t].squareRoot()) <= 1e-12 * reported[t],
                "\(command[0]) t index \(t)")
        }
        let jensen = zip(squares, means).map { $0.squareRoot() - $1 }.max()!
        #expect(
            jensen > 1e-3 * reported.last!,
            "the two averages must differ here for the test to mean anything")
    }
}
