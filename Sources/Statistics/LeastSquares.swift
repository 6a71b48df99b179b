/// Ordinary least squares of a straight line, y = intercept + slope x (no weights): the
/// measured convergence orders (log error against log dt) and the diffusion and growth fits
/// of figure 5e. Sums in index order, so a fit is the same bits on every machine.
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
}
