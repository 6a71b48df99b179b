import Foundation

/// Student's t distribution: the two-sided tail probability and its inverse, used for the
/// family-wise thresholds of `ResultComparison`.
///
/// P(|T| > t) = I_{nu / (nu + t^2)}(nu / 2, 1 / 2), with I the regularized incomplete beta
/// function, evaluated by its continued fraction (modified Lentz; Abramowitz & Stegun 26.5.8).
/// Non-integer nu is allowed (Welch-Satterthwaite degrees of freedom); nu = infinity is the
/// normal distribution.
public enum StudentT {
    /// P(|T| > t) for t >= 0.
    public static func twoSidedTail(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0)
        if t <= 0 { return 1 }
        if !t.isFinite { return 0 }
        if nu > 1e7 { return erfc(t / 2.0.squareRoot()) }
        return regularizedBeta(nu / (nu + t * t), nu / 2, 0.5)
    }

    /// The t with P(|T| > t) = p, for p in (0, 1]: bisection on the monotone tail, to a
    /// relative width of 1e-12.
    public static func twoSidedQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p <= 1 && nu > 0)
        var low = 0.0, high = 1.0
        while twoSidedTail(high, degreesOfFreedom: nu) > p { low = high; high *= 2 }
        while high - low > 1e-12 * high {
            let mid = (low + high) / 2
            if twoSidedTail(mid, degreesOfFreedom: nu) > p { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }

    /// I_x(a, b), x in [0, 1].
    package static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry
        // otherwise.
        if x < (a + 1) / (a + b + 2) { return exp(logFront) * continuedFraction(x, a, b) / a }
        return 1 - exp(logFront) * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var f = d
        for m in 1...10_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            c = 1 + even / c
            if abs(d) < tiny { d = tiny }
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            f *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            c = 1 + odd / c
            if abs(d) < tiny { d = tiny }
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            f *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return f
    }
}
