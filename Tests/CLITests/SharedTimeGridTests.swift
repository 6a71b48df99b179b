import ArgumentParser
import Foundation
import Testing
import AndersonNoise
import AndersonNoiseCLI
import TestSupport

/// The same --t-max and --points-per-decade give lindblad, closure and trajectories the same
/// output times whenever the trajectories' dt divides the grid's quantum (0.1), so `compare`
/// takes their results without a refusal for times (`RunSpec.outputTimes`).
@Suite struct SharedTimeGridTests {
    static func times(_ arguments: [String]) throws -> [Double] {
        let command = try AndersonNoiseCommand.parseAsRoot(arguments)
        return try #require(command as? any RunCommand).spec().times
    }

    @Test(arguments: [("100", "4"), ("1e4", "10"), ("30", "8"), ("0.5", "3"), ("7.25", "5")])
    func threeSolversShareTheGrid(tMax: String, perDecade: String) throws {
        let grid = ["--length", "8", "--t-max", tMax, "--points-per-decade", perDecade]
        let lindblad = try Self.times(["lindblad"] + grid)
        #expect(lindblad.first == 0 && lindblad.count >= 2)
        #expect(try Self.times(["closure"] + grid) == lindblad)
        #expect(try Self.times(["closure", "--scheme", "strang"] + grid) == lindblad)
        for dt in ["0.1", "0.05", "0.02", "0.01"] {
            #expect(try Self.times(["trajectories", "--dt", dt] + grid) == lindblad, "dt \(dt)")
        }
    }

    /// Master's grid stays the unrounded logarithmic one (the golden Fig. 4 depends on it): its
    /// second point at t-max 100, 10 a decade, is 0.1 * 10^(1/10).
    @Test func masterKeepsItsLogarithmicGrid() throws {
        let t = try Self.times(["master", "--length", "8", "--t-max", "100"])
        // Derived: the grid computes 0.1 * 10^(log10(1000) * 1 / 30) through log10, a
        // division, pow and a product, each within an ulp (1.1e-16 relative) of 0.126, about
        // 6e-17 in all; 1e-15 is 16 times that. A grid rounded to multiples of 0.1 would be
        // 0.026 away.
        #expect(abs(t[2] - 0.1 * pow(10, 0.1)) <= 1e-15)
    }

    /// The done-when case of the CLI: three solvers, one chain, the same options; each pair
    /// compares (no usage error, nothing about times), and the exact pair agrees.
    @Test func resultsOfThreeSolversCompare() throws {
        let chain = [
            "--length", "6", "--potential", "0.3,-0.8,0.5,0.9,-0.2,-0.6", "--initial", "product",
            "--occupations", "1,0,1,0,1,0", "--t-max", "100", "--points-per-decade", "4",
            "--quiet",
        ]
        let base = CLI.temporaryPath()
        var dirs: [String] = []
        for solver in ["lindblad", "closure", "trajectories"] {
            let dir = "\(base)-\(solver)"
            let out = try CLI.run([solver] + chain + ["--output", dir])
            #expect(out.status == 0, "\(solver): \(out.stderr)")
            dirs.append(dir)
        }
        for (a, b) in [(0, 1), (0, 2), (1, 2)] {
            let c = try CLI.run(["compare", dirs[a], dirs[b]])
            #expect(c.status != 64 && !c.stderr.contains("times"), "\(a) \(b): \(c.stderr)")
        }
        #expect(try CLI.run(["compare", dirs[0], dirs[1]]).status == 0)
    }
}
