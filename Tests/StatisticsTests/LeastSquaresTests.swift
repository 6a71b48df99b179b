import Testing
import Statistics

/// The weighted line of figure 5e against closed forms.
@Suite struct LeastSquaresTests {
    /// Points y = 2 + 0.5 x +- r_i sigma_i with equal sigma: the weighted line is the ordinary
    /// one, its slope error sigma / sqrt(sum (x - mean x)^2), its chi^2 sum r_i^2 minus what the
    /// line absorbs. Here x = 0..4 and r = (1, -1, 0, -1, 1) (orthogonal to 1 and x), so the
    /// line is exactly 2 + 0.5 x and chi^2 = 4; the slope error is 0.1 / sqrt(10). Round-off:
    /// sums of five terms of size <= 1e3 (weights 100, x^2 <= 16), so 1e-12 is about 100 eps
    /// of the largest sum.
    @Test func weightedLineMatchesClosedForm() {
        let x: [Double] = [0, 1, 2, 3, 4], r: [Double] = [1, -1, 0, -1, 1]
        let sigma = [Double](repeating: 0.1, count: 5)
        let y = zip(x, zip(r, sigma)).map { 2 + 0.5 * $0 + $1.0 * $1.1 }
        let f = LeastSquares.weightedLine(x: x, y: y, sigma: sigma)
        #expect(abs(f.slope - 0.5) < 1e-12 && abs(f.intercept - 2) < 1e-12)
        #expect(abs(f.slopeStderr - 0.1 / 10.0.squareRoot()) < 1e-12)
        #expect(abs(f.chiSquared - 4) < 1e-12)
        let plain = LeastSquares.line(x: x, y: y)
        #expect(abs(plain.slope - f.slope) < 1e-12 && abs(plain.intercept - f.intercept) < 1e-12)
    }

    /// A point with a 10 times larger error pulls the line 100 times less: moving it changes
    /// the weighted slope less than the ordinary one, and chi^2 counts its residual in its own
    /// units.
    @Test func weightsFollowTheErrors() {
        let x: [Double] = [0, 1, 2, 3], y: [Double] = [0, 1, 2, 10]
        let f = LeastSquares.weightedLine(x: x, y: y, sigma: [1, 1, 1, 10])
        let plain = LeastSquares.line(x: x, y: y)
        #expect(abs(f.slope - 1) < abs(plain.slope - 1))
        let chi = LeastSquares.chiSquared(
            x: x, y: y, sigma: [1, 1, 1, 10], slope: 1, intercept: 0)
        #expect(abs(chi - 0.49) < 1e-12, "((10 - 3) / 10)^2")
    }
}
