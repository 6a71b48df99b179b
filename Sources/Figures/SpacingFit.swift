import Foundation
import ChainModel
import Statistics

/// The fits of Fig. 5e: diffusion constants and crossover times of an excitation's spreading
/// with noise on every l-th site, and how the crossover time grows with l.
///
/// Conventions. The input per curve is the disorder realizations' second moments
/// m_r(t) = R_r(t)^2 of the paper's eq. 18 (R = half the width of the normalised profile, so
/// the width is w = 2R; each m_r is one realization's noise mean, exactly what `records.bin`
/// holds for `rms_displacement`). The diffusion constant D is that of the density,
/// dn/dt = D d^2n/dx^2, whose profile has w^2 = 2 D t; in the paper's R this is
/// R^2 = (D / 2) t, so the paper's "R ~ sqrt(2 D' t)" has D' = D / 4.
///
/// - Diffusion fit, per curve: ordinary least squares of w^2 = 4 m(t) = 2 D t + b over the
///   output times of the window [t_max / 10, t_max] (the run's last decade; b absorbs the
///   spreading before diffusion set in).
/// - Crossover time t_l = l^2 / (2 D): where the fitted diffusion law's width sqrt(2 D t)
///   reaches one spacing. For a walk between neighbouring noisy sites at rate k each way,
///   D = k l^2, so t_l = 1 / (2k) is the mean waiting time between hops: the delocalization
///   time of the paper's Sec. V, predicted t ~ xi^-1 exp(l / xi).
/// - Growth with l: least squares of ln t_l = a + s l over the curves (s = 1 / xi_eff).
///
/// Standard errors: delete-one jackknife over disorder realizations, the same realization
/// left out of every curve at once (the curves share the disorder seeds, so their estimates
/// are correlated; the joint jackknife carries that into the error of s). For an estimate
/// linear in the means (D, b) the jackknife error is exactly the standard error of the mean
/// of the per-realization fits.
package struct SpacingFit {
    /// One curve: spacing l, output times, and m_r(t) = R^2 per disorder realization r
    /// (every curve has the same realizations, in the same order).
    package struct Curve {
        package var spacing: Int
        package var times: [Double]
        package var secondMoments: [[Double]]

        package init(spacing: Int, times: [Double], secondMoments: [[Double]]) {
            (self.spacing, self.times, self.secondMoments) = (spacing, times, secondMoments)
        }
    }

    package struct Estimate: Equatable {
        package var value: Double
        package var standardError: Double
    }

    package struct Spacing: Equatable {
        package var spacing: Int
        package var window: ClosedRange<Double>
        package var points: Int
        package var diffusionConstant: Estimate
        package var offset: Estimate
        package var crossoverTime: Estimate
    }

    package struct Failure: Error, CustomStringConvertible {
        package let description: String

        package init(description: String) { self.description = description }
    }

    package let spacings: [Spacing]
    /// s and a of ln t_l = a + s l.
    package let slope: Estimate
    package let intercept: Estimate

    /// The fit window of a curve: its output times in [t_max / 10, t_max].
    package static func window(_ times: [Double]) -> [Int] {
        let last = times.last ?? 0
        return times.indices.filter { times[$0] >= last / 10 && times[$0] > 0 }
    }

    package init(curves: [Curve]) throws {
        let count = curves.first?.secondMoments.count ?? 0
        guard curves.count >= 2, Set(curves.map(\.spacing)).count == curves.count else {
            throw Failure(description: "needs two or more curves of distinct spacings")
        }
        guard count >= 2, curves.allSatisfy({ $0.secondMoments.count == count }) else {
            throw Failure(
                description: "needs the same two or more disorder realizations in every curve")
        }
        let windows = curves.map { Self.window($0.times) }
        guard windows.allSatisfy({ $0.count >= 3 }) else {
            throw Failure(description: "needs three or more output times in the last decade")
        }
        let sums = curves.map { c in
            c.times.indices.map { n in c.secondMoments.reduce(0) { $0 + $1[n] } }
        }
        func means(leaving r: Int?) -> [[Double]] {
            zip(curves, sums).map { c, s in
                guard let r else { return s.map { $0 / Double(count) } }
                return zip(s, c.secondMoments[r]).map { ($0 - $1) / Double(count - 1) }
            }
        }
        let all = try Self.estimates(curves: curves, windows: windows, means: means(leaving: nil))
        let left = try (0..<count).map {
            try Self.estimates(curves: curves, windows: windows, means: means(leaving: $0))
        }
        let estimates = all.indices.map { k in
            let mean = left.reduce(0) { $0 + $1[k] } / Double(count)
            let variance =
                left.reduce(0) { $0 + ($1[k] - mean) * ($1[k] - mean) } * Double(count - 1)
                / Double(count)
            return Estimate(value: all[k], standardError: variance.squareRoot())
        }
        let n = curves.count
        spacings = curves.indices.map { i in
            Spacing(
                spacing: curves[i].spacing,
                window: curves[i].times[windows[i].first!]...curves[i].times[windows[i].last!],
                points: windows[i].count, diffusionConstant: estimates[i], offset: estimates[n + i],
                crossoverTime: estimates[2 * n + i])
        }
        slope = estimates[3 * n]
        intercept = estimates[3 * n + 1]
    }

    /// [D_1..D_n, b_1..b_n, t_1..t_n, s, a] from the mean second moments of every curve.
    package static func estimates(
        curves: [Curve], windows: [[Int]], means: [[Double]]
    ) throws -> [Double] {
        var d: [Double] = [], b: [Double] = [], t: [Double] = []
        for (c, (window, m)) in zip(curves, zip(windows, means)) {
            let line = LeastSquares.line(x: window.map { c.times[$0] }, y: window.map { 4 * m[$0] })
            guard line.slope > 0 else {
                throw Failure(
                    description:
                        "spacing \(c.spacing): no diffusive growth of R^2 over the last decade")
            }
            d.append(line.slope / 2)
            b.append(line.intercept)
            t.append(Double(c.spacing * c.spacing) / line.slope)
        }
        let growth = LeastSquares.line(x: curves.map { Double($0.spacing) }, y: t.map { log($0) })
        return d + b + t + [growth.slope, growth.intercept]
    }
}
