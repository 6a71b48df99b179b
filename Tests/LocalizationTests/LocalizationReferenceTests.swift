import Foundation
import Testing
import ChainModel
import LinearAlgebra
import Localization
import Formats
import TestSupport

/// Against an independent transfer-matrix computation (`references/generate_localization.py`:
/// Riccati recursion r -> (w - E)/J - 1/r with numpy's generator, 200 chains x 50000 sites per
/// point): 30 points, W = 0.5 to 8, inside and outside the band, J = 1 and 0.7. Each must agree
/// within the budget's family-wise threshold over the 30 points (`StatisticalBudget`, nu = 99:
/// 5.1 combined standard errors; it was 4, a two-sided 6e-5 each, 2e-3 over the 30), and
/// within 1.5 % (the goal of issue 14; the combined errors are 0.02-0.45 %, so a 1.5 % bias is
/// detected at either bound).
@Suite struct LocalizationReferenceTests {
    @Test func agreesWithIndependentTransferMatrix() throws {
        let url = TestSupport.referencesDirectory.appendingPathComponent(
            "localization/reference.json")
        let reference = try JSONValue.parse(Data(contentsOf: url))
        let points = try #require(reference["points"]?.arrayValue)
        #expect(points.count == 30)
        var groups:
            [String: (w: Double, j: Double, energies: [Double], values: [(Double, Double)])] = [:]
        for p in points {
            let w = p["disorder"]!.doubleValue!, j = p["hopping"]!.doubleValue!
            let key = "\(w) \(j)"
            groups[key, default: (w, j, [], [])].energies.append(p["energy"]!.doubleValue!)
            groups[key]!.values.append(
                (p["lyapunov"]!.doubleValue!, p["lyapunov_stderr"]!.doubleValue!))
        }
        var worst = 0.0
        let k = StatisticalBudget.threshold(points: 30, degreesOfFreedom: 99)
        for g in groups.values {
            let settings = LocalizationSettings(hopping: g.j, chains: 100, sites: 100_000, seed: 5)
            let samples = try LyapunovSampler.run(
                disorders: [g.w], energies: g.energies, settings: settings, threads: 2)[0]
            for (n, (lambda, se)) in g.values.enumerated() {
                let p = samples.point(n)
                let combined = (se * se + p.lyapunovStderr * p.lyapunovStderr).squareRoot()
                worst = max(worst, abs(p.lyapunov / lambda - 1))
                #expect(
                    abs(p.lyapunov - lambda) < k * combined,
                    "W \(g.w) J \(g.j) E \(p.energy): \(p.lyapunov) vs \(lambda) +- \(se)")
                #expect(abs(p.lyapunov / lambda - 1) < 0.015)
            }
        }
        print("localization vs independent reference: worst relative difference \(worst)")
    }
}
