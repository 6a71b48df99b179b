/// Least squares of a straight line, y = intercept + slope x: ordinary (the measured
/// convergence orders, log error against log dt, and the diffusion and growth fits of figure
/// 5e) and weighted by the points' errors, with the line's chi^2 (figure 5e's long-time t_l).
/// Sums in index order, so a fit is the same bits on every machine.
public enum LeastSquares {
    public static func line(x: [Double], y: [Double]) -> (slope: Double, intercept: Double) {
        precondition(x.count == y.count && x.count >= 2, "a line needs two or more points")
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (a, c) in zip(x, y) {
            sxx += (a - mx) * (a - mx)
            sxy += (a - mx) * (c - my)
        }
        let slope = sxy / sxx
        return (slope, my - slope * mx)
    }

    /// A line fitted to points with standard errors sigma: weights 1 / sigma^2, the slope's
    /// standard error from the weights alone, chi^2 of the points about the line
    /// (`chiSquared`) with n - 2 degrees of freedom.
    public static func weightedLine(
        x: [Double], y: [Double], sigma: [Double]
    ) -> (slope: Double, slopeStderr: Double, intercept: Double, chiSquared: Double) {
        precondition(x.count == y.count && x.count == sigma.count && x.count >= 2)
        var sw = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for i in x.indices {
            let w = 1 / (sigma[i] * sigma[i])
            sw += w
            sx += w * x[i]
            sy += w * y[i]
            sxx += w * x[i] * x[i]
            sxy += w * x[i] * y[i]
        }
        let det = sw * sxx - sx * sx
        let slope = (sw * sxy - sx * sy) / det, intercept = (sxx * sy - sx * sxy) / det
        return (
            slope, (sw / det).squareRoot(), intercept,
            chiSquared(x: x, y: y, sigma: sigma, slope: slope, intercept: intercept)
        )
    }

    /// sum_i ((y_i - intercept - slope x_i) / sigma_i)^2: how far points with standard errors
    /// lie from a given line.
    public static func chiSquared(
        x: [Double], y: [Double], sigma: [Double], slope: Double, intercept: Double
    ) -> Double {
        var chi2 = 0.0
        for i in x.indices {
            let r = (y[i] - intercept - slope * x[i]) / sigma[i]
            chi2 += r * r
        }
        return chi2
    }
}
