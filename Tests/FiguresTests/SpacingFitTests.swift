import Foundation
import Testing
import ChainModel
import Figures
import Statistics
import TestSupport

/// Fig. 5e's fits (`SpacingFit`): diffusion constants, crossover times t_l = l^2 / (2 D) and
/// the growth of ln t_l with l, with jackknife errors over disorder realizations (the panel
/// that `figure 5 --quick` writes from them: CLITests, SpacingPanelTests).
@Suite struct SpacingFitTests {
    /// Synthetic curves with a known law: t_l = a exp(l / xi) for l = 4...8 (a = 5, xi = 1.5),
    /// D_l = l^2 / (2 t_l). Realization r has w^2 = 4 m_r(t) = 2 D_l (1 + 0.2 g_r + 0.05 h_lr) t
    /// + 30 (1 + 0.5 u_r) on the last decade (g shared by all spacings, like the shared disorder
    /// seeds of the runs; h, u Gaussian), plus 2 % multiplicative noise per point, and an
    /// arbitrary logarithmic law before it, which the fit must ignore. `spread` 0 makes every
    /// realization the exact law.
    static func curves(
        realizations: Int, spread: Double
    ) -> (curves: [SpacingFit.Curve], diffusion: [[Double]]) {
        var rng = CounterRNG(seed: 11, stream: .test, realization: 0)
        let shared = (0..<realizations).map { _ in rng.nextGaussian() }
        let offsets = (0..<realizations).map { _ in 30 * (1 + 0.5 * spread * rng.nextGaussian()) }
        var curves: [SpacingFit.Curve] = [], diffusion: [[Double]] = []
        for l in 4...8 {
            let tMax = 3e3 * pow(10, Double(l - 4) / 4)
            let times =
                [0] + TimeGrid.logarithmic(start: 0.1, end: tMax, pointsPerDecade: 8).dropFirst()
            let d = Double(l * l) / (2 * 5 * exp(Double(l) / 1.5))
            let perRealization = shared.map {
                d * (1 + spread * (0.2 * $0 + 0.05 * rng.nextGaussian()))
            }
            let moments = zip(perRealization, offsets).map { dr, b in
                times.map { t in
                    let noise = 1 + 0.02 * spread * rng.nextGaussian()
                    return t >= tMax / 10 ? (2 * dr * t + b) / 4 * noise : 0.3 * log(1 + t) * noise
                }
            }
            curves.append(.init(spacing: l, times: times, secondMoments: moments))
            diffusion.append(perRealization)
        }
        return (curves, diffusion)
    }

    /// Exact data: D, the offset, t_l and the slope 1/xi come back to round-off (1e-12
    /// relative: sums of nine points of size up to 1e3), with zero error.
    @Test func exactLawIsRecovered() throws {
        let fit = try SpacingFit(curves: Self.curves(realizations: 5, spread: 0).curves)
        for s in fit.spacings {
            let t = 5 * exp(Double(s.spacing) / 1.5)
            #expect(abs(s.crossoverTime.value / t - 1) < 1e-12)
            #expect(
                abs(s.diffusionConstant.value * 2 * t / Double(s.spacing * s.spacing) - 1) < 1e-12)
            #expect(abs(s.offset.value / 30 - 1) < 1e-12)
            #expect(s.diffusionConstant.standardError < 1e-12 * s.diffusionConstant.value)
            #expect(s.points >= 8 && s.window.upperBound / s.window.lowerBound <= 10)
        }
        #expect(abs(fit.slope.value * 1.5 - 1) < 1e-12)
        #expect(abs(fit.intercept.value - log(5)) < 1e-12)
    }

    /// Noisy data, 100 realizations: D is linear in the mean second moments, so it equals the
    /// mean of the per-realization fits and its jackknife error equals their standard error of
    /// the mean (both to 1e-10 relative, round-off); every D, t_l and the slope lie within the
    /// budget's family-wise threshold (`StatisticalBudget`, over the 2 x spacings + 1 numbers,
    /// nu = 99: about 4.8 standard errors; it was 4 se, a two-sided chance of 6e-5 each) of
    /// the law they were drawn from, and the slope's error is small enough (below 0.03,
    /// against 1/xi = 0.67) for that to test something: a slope off by 0.15 is detected.
    @Test func noisyLawIsRecoveredWithinItsErrors() throws {
        let r = 100
        let (curves, _) = Self.curves(realizations: r, spread: 1)
        let fit = try SpacingFit(curves: curves)
        let k = StatisticalBudget.threshold(
            points: 2 * fit.spacings.count + 1, degreesOfFreedom: Double(r - 1))
        for (c, s) in zip(curves, fit.spacings) {
            let window = SpacingFit.window(c.times)
            let perRealization = c.secondMoments.map { m in
                LeastSquares.line(x: window.map { c.times[$0] }, y: window.map { 4 * m[$0] }).slope
                    / 2
            }
            let mean = perRealization.reduce(0, +) / Double(r)
            let squares: Double = perRealization.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let se = (squares / Double(r - 1) / Double(r)).squareRoot()
            #expect(abs(s.diffusionConstant.value / mean - 1) < 1e-10)
            #expect(abs(s.diffusionConstant.standardError / se - 1) < 1e-10)
            let t = 5 * exp(Double(s.spacing) / 1.5), d = Double(s.spacing * s.spacing) / (2 * t)
            #expect(
                abs(s.diffusionConstant.value - d) < k * s.diffusionConstant.standardError,
                "l = \(s.spacing)")
            #expect(
                abs(s.crossoverTime.value - t) < k * s.crossoverTime.standardError,
                "l = \(s.spacing)")
        }
        #expect(abs(fit.slope.value - 1 / 1.5) < k * fit.slope.standardError)
        #expect(fit.slope.standardError > 0 && fit.slope.standardError < 0.03)
    }

    /// Curves without the same realizations, or without diffusive growth, are refused.
    @Test func badInputIsRefused() throws {
        var (curves, _) = Self.curves(realizations: 4, spread: 1)
        curves[1].secondMoments.removeLast()
        #expect(throws: SpacingFit.Failure.self) { try SpacingFit(curves: curves) }
        var flat = Self.curves(realizations: 4, spread: 0).curves
        flat[0].secondMoments = flat[0].secondMoments.map { $0.map { _ in 1 } }
        #expect(throws: SpacingFit.Failure.self) { try SpacingFit(curves: flat) }
    }
}
